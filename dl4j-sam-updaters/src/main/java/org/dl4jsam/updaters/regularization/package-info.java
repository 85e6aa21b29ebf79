/**
 * Baek et al. (2024)'s regularized SGD, the one-pass alternative to SAM under label noise: an L2 penalty on the
 * last hidden layer's activations ({@link org.dl4jsam.updaters.regularization.ActivationL2Vertex}) and on the
 * last layer's weights, put into a graph by {@link org.dl4jsam.updaters.regularization.RegularizedSgd}.
 */
package org.dl4jsam.updaters.regularization;

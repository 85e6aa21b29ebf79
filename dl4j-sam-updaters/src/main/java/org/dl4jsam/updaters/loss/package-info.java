/**
 * Robust losses as DL4J loss functions, usable with any optimizer (with SAM or without): generalized cross
 * entropy ({@link org.dl4jsam.updaters.loss.LossGce}) and hard bootstrapping
 * ({@link org.dl4jsam.updaters.loss.LossHardBootstrap}), the two robust losses Andriushchenko &amp; Flammarion
 * (2022) combine with SAM under label noise.
 */
package org.dl4jsam.updaters.loss;

/**
 * How ε is formed from the first-pass gradient: SAM's normalized step (optionally on a {@link
 * org.dl4jsam.updaters.spi.ParameterScope}) and unnormalized SAM.
 */
package org.dl4jsam.updaters.perturbation;

/**
 * The extension interface of the step engine: the step context, the config/rule pairs of each seam
 * (step algorithm, perturbation, second-pass schedule, gradient transform), array and scalar rule
 * state, parameter segments and scopes, the batch, and helpers for rule authors (validation, BLAS,
 * strict JSON). A new variant is a configuration (a JSON value) and its rule.
 */
package org.dl4jsam.updaters.spi;

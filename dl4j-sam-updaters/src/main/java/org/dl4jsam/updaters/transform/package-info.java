/**
 * Gradient transforms, applied in a chain before the base updater: SANER's re-weighting of the
 * elements SAM down-weights, with its warm-up and the SGD-D ablation.
 */
package org.dl4jsam.updaters.transform;

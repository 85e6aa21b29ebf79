package org.dl4jsam.updaters;

/**
 * Which forward passes of a SAM step update BatchNorm running statistics (docs/algorithms.md §0).
 * DL4J stores the running mean/variance as parameters updated through a pseudo-gradient.
 */
public enum BatchNormPolicy {
    /** Running statistics come from the first (clean) pass only, as in the original SAM code. */
    KEEP_CLEAN_PASS,
    /** Both passes update the running statistics in turn, as several PyTorch ports do. */
    UPDATE_BOTH
}

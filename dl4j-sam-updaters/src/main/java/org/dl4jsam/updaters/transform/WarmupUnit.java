package org.dl4jsam.updaters.transform;

/** The clock of a linear warm-up: the model's epoch count or its iteration count. */
public enum WarmupUnit {
    /** Counts epochs ({@code fit(iterator, epochs)} advances the count). */
    EPOCH,
    /** Counts iterations (parameter updates). */
    ITERATION
}

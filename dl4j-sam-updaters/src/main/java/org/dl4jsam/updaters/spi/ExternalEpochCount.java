package org.dl4jsam.updaters.spi;

/**
 * Marks a training listener that keeps the model's epoch count from outside the model's own {@code fit} loop
 * (dl4j-sam-spark's counts listener sets it from the Spark driver). With one attached, the step does not warn
 * that an epoch-driven schedule (SANER's epoch warm-up) sees no epoch starts.
 */
public interface ExternalEpochCount {}

package org.dl4jsam.updaters.spi;

/**
 * A loss function (of an output layer) that behaves differently in the passes a sharpness-aware step runs at
 * perturbed weights: the step tells it when those passes begin and end (hard bootstrapping with its target
 * frozen from the clean pass).
 */
public interface PerturbedPassAware {

    /** The step's passes at perturbed weights begin; the last clean pass was this step's first. */
    void enterPerturbedPasses();

    /** They are over (also when the step failed). */
    void exitPerturbedPasses();

    /**
     * The next pass (or scoring) works on these rows of the step's batch, in this order (sub-batch steps:
     * m-sharpness, ESAM's selection, the per-group J-SAM / logit-SAM forms); null for the whole batch. Called
     * before every pass between {@link #enterPerturbedPasses()} and {@link #exitPerturbedPasses()}.
     *
     * @param rows indices into the step's batch, or null
     */
    default void nextPassRows(long[] rows) {}
}

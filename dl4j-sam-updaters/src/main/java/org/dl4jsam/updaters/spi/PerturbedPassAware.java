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
}

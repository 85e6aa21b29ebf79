package org.dl4jsam.updaters.spi;

/**
 * Runtime of a {@link StepAlgorithmConfig}: the second half of a sharpness-aware step, from {@code g}
 * to the gradient handed on.
 */
@FunctionalInterface
public interface StepAlgorithm extends StepRule {

    /**
     * Compute the step's gradient into {@link StepContext#gradient()}. Runs once per step that takes the second
     * pass, after the schedule decided. Called with the weights at
     * {@code w} and the first-pass gradient {@code g} (non-trainable entries zero) in the gradient
     * view. On return the view must hold the gradient at the scale of the whole batch (DL4J's sum over
     * {@link StepContext#gradientScale()} examples); the engine restores {@code w} and the batch by
     * copy afterwards, whatever the algorithm did or threw.
     *
     * @param passes the passes the algorithm may run
     * @return the loss to report as {@code L(w+ε)}
     */
    double computeGradient(SecondPasses passes);
}

package org.dl4jsam.updaters.spi;

/** Runtime of a {@link PerturbationConfig}: adds ε to {@link StepContext#params()} in place. */
@FunctionalInterface
public interface PerturbationRule extends StepRule {

    /**
     * Perturb the weights. Called with the (first-pass) gradient that defines ε in
     * {@link StepContext#gradient()} and its norm in {@link StepContext#cleanGradientNorm()}; must not
     * change the gradient.
     *
     * @param context the step
     * @return ‖ε‖, for diagnostics
     */
    double perturb(StepContext context);
}

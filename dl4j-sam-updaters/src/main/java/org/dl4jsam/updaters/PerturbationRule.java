package org.dl4jsam.updaters;

/** Runtime of a {@link PerturbationConfig}: adds ε to {@link StepContext#params()} in place. */
@FunctionalInterface
public interface PerturbationRule {

    /**
     * Perturb the weights. Called with the first-pass gradient in {@link StepContext#gradient()};
     * must not change the gradient.
     *
     * @return ‖ε‖, for diagnostics
     */
    double perturb(StepContext context);
}

package org.dl4jsam.updaters.spi;

/** Runtime of a {@link PerturbationConfig}: adds ε to {@link StepContext#params()} in place. */
@FunctionalInterface
public interface PerturbationRule extends StepRule {

    /**
     * Perturb the weights. Runs once for every ε the step algorithm forms: once per two-pass step for SAM's
     * step, once per micro-batch under m-sharpness and the per-group J-SAM / logit-SAM forms (so a moving
     * average kept here advances that many times per step), never on a one-pass step. Called with the (first-pass) gradient that defines ε in
     * {@link StepContext#gradient()} and its norm in {@link StepContext#cleanGradientNorm()}. The rule
     * may overwrite the gradient (as F-SAM's official code does with {@code p.grad}): the pass that follows
     * a perturbation replaces it, and {@link StepContext#cleanGradient()} keeps {@code g} for the
     * transforms that need it.
     *
     * @param context the step
     * @return ‖ε‖, for diagnostics
     */
    double perturb(StepContext context);
}

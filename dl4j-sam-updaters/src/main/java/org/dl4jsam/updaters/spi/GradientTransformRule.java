package org.dl4jsam.updaters.spi;

/**
 * Runtime of a {@link GradientTransformConfig}: rewrites {@link StepContext#gradient()} in place. Runs
 * on every step that is not skipped, in chain order; {@link StepContext#tookSecondPass()} says whether
 * the gradient is {@code ĝ} (with {@code g} in {@link StepContext#cleanGradient()}) or the plain
 * {@code g} of a one-pass step.
 */
@FunctionalInterface
public interface GradientTransformRule extends StepRule {

    /**
     * Transform the gradient; report diagnostics with {@link StepContext#report}.
     *
     * @param context the step
     */
    void apply(StepContext context);
}

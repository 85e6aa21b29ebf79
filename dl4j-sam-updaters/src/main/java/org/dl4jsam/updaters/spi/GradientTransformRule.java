package org.dl4jsam.updaters.spi;

/**
 * Runtime of a {@link GradientTransformConfig}: rewrites {@link StepContext#gradient()} in place. Runs
 * on every step that is not skipped, in chain order; {@link StepContext#tookSecondPass()} says whether
 * the gradient is {@code ĝ} (with {@code g} in {@link StepContext#cleanGradient()}) or the plain
 * {@code g} of a one-pass step.
 */
public interface GradientTransformRule extends StepRule {

    /**
     * Transform the gradient; report diagnostics with {@link StepContext#report}.
     *
     * @param context the step
     */
    void apply(StepContext context);

    /**
     * Called once the base updater has applied the step ({@code iterationDone}), on every step whose
     * {@link #apply} ran; a transform with a decoupled part (WSAM's sharpness term, MSAM's re-ascent)
     * changes {@link StepContext#params()} here. The default does nothing.
     *
     * @param context the step just applied
     */
    default void afterUpdate(StepContext context) {}
}

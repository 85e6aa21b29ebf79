package org.dl4jsam.updaters.spi;

/**
 * Runtime of a {@link GradientTransformConfig}: rewrites {@link StepContext#gradient()} in place. Runs
 * on every step that is not skipped, in chain order; {@link StepContext#tookSecondPass()} says whether
 * the gradient is {@code ĝ} (with {@code g} in {@link StepContext#cleanGradient()}) or the plain
 * {@code g} of a one-pass step.
 */
public interface GradientTransformRule extends StepRule {

    /**
     * Transform the gradient; report diagnostics with {@link StepContext#report}. Runs once per step that is
     * neither rejected nor skipped, after the weights are restored to {@code w}.
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

    /**
     * Training pauses for an evaluation or a save (an epoch ends, the model is written): a transform that keeps
     * the weights away from {@code w} between steps (MSAM's {@code w̃}) moves them to {@code w} here. Runs at
     * most once per pause, between steps. The default does nothing.
     *
     * @param context the step last applied (its arrays; no step is in progress)
     */
    default void moveToEvaluationPoint(StepContext context) {}

    /**
     * Training resumes: undo {@link #moveToEvaluationPoint}. Does nothing when the weights are already where
     * training expects them. Runs when an epoch starts, after a save, and, when a step begins while training is
     * paused ({@code fit(DataSet)} after an epoch ended), before that step: the step then repeats its first pass
     * at the moved weights. The default does nothing.
     *
     * @param context the step last applied (its arrays; no step is in progress)
     * @return whether the weights moved
     */
    default boolean moveToTrainingPoint(StepContext context) {
        return false;
    }
}

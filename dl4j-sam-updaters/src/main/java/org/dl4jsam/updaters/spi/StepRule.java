package org.dl4jsam.updaters.spi;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every runtime rule (step algorithm, perturbation, second-pass schedule, gradient transform) may
 * keep across steps, DL4J-style: array state as a view into the engine's one flat state buffer (sized
 * by {@link #stateSize}, like {@code IUpdater.stateSize}), and named scalars. Both are written by
 * {@code SharpnessAware.writeModel} and restored exactly by {@code SharpnessAware.restore…}, and both are
 * mirrored into the model's updater state after every step (so a plain {@code ModelSerializer} file and
 * Spark's parameter averaging carry them, averaged like Adam's moments: docs/adr/0005), so a
 * stateful variant (an EMA of {@code g}, a stored direction, moving statistics) continues
 * bit-identically after a restart. Besides its state, a rule may ask for parameter-sized scratch buffers of
 * its own ({@link #scratchBuffers()}): no other rule writes them, and they are not saved.
 *
 * <p>When a step is rejected or skipped for a non-finite gradient, the state of the rules that ran before
 * the check (schedule, step algorithm, perturbation) is put back as it was before the step, so a rejected
 * batch leaves no trace.
 */
public interface StepRule {

    /**
     * @param numParams the length of the model's flat vectors
     * @return number of array-state entries this rule needs (0: none): a multiple of {@code numParams} (whole
     *     parameter-sized arrays, which the updater state carries per parameter); the state has the parameters'
     *     data type
     */
    default long stateSize(long numParams) {
        return 0;
    }

    /**
     * Hands the rule its view of the state buffer (length {@link #stateSize}), zero-filled; the rule may
     * initialise it here. Called once, before the first step. A restore later overwrites the view's
     * contents in place, so the rule keeps the reference.
     *
     * @param view the rule's part of the state buffer
     */
    default void setStateView(INDArray view) {}

    /**
     * @return number of parameter-sized buffers this rule needs as scratch (0: none); they are allocated once per
     *     model, for this rule alone, in the parameters' data type, and are not saved
     */
    default int scratchBuffers() {
        return 0;
    }

    /**
     * Hands the rule its scratch buffers ({@link #scratchBuffers()} of them, contents undefined). Called once,
     * before the first step.
     *
     * @param buffers the rule's buffers, each as long as the flat parameter vector
     */
    default void setScratchBuffers(INDArray[] buffers) {}

    /** @return the rule's persistent scalars (empty for stateless rules) */
    default Map<String, Double> scalarState() {
        return Map.of();
    }

    /**
     * Restore what {@link #scalarState()} returned; throw if the names do not match.
     *
     * @param state the scalars
     */
    default void restoreScalarState(Map<String, Double> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " has no scalar state, got " + state.keySet());
        }
    }
}

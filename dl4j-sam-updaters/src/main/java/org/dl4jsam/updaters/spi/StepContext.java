package org.dl4jsam.updaters.spi;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one sharpness-aware step exposes to its rules (step algorithm, perturbation, second-pass
 * schedule, gradient transforms). All arrays are the model's flat rank-1 views or per-model buffers
 * of the same length and data type; entries of non-trainable parameters (BatchNorm running
 * statistics, frozen layers) are zero in {@link #gradient()} and {@link #cleanGradient()} while a rule
 * runs, so global reductions over the whole vector are reductions over the trainable entries.
 */
public interface StepContext {

    /** The model's flat parameter view {@code w} (perturbations add ε to it in place). */
    INDArray params();

    /**
     * The model's flat gradient view: {@code g} before the second pass, {@code ĝ = ∇L(w+ε)} after it.
     * DL4J keeps it as the sum over the minibatch: divide by {@link #gradientScale()} for the mean.
     */
    INDArray gradient();

    /**
     * A copy of the first-pass gradient {@code g} (same scale as {@link #gradient()}), kept on two-pass
     * steps when a gradient transform needs it or the cosine diagnostic is on.
     *
     * @throws IllegalStateException on a one-pass step, where {@link #gradient()} itself is {@code g}
     */
    INDArray cleanGradient();

    /**
     * A parameter-sized scratch buffer, allocated once per model. Index 0 is the weight backup, free
     * only after the weights are restored (gradient transforms may use it, perturbations and step
     * algorithms may not); indices ≥ 1 are extra buffers.
     */
    INDArray scratch(int index);

    /** The factor between {@link #gradient()} and the batch-mean gradient (batch size, or 1). */
    double gradientScale();

    /** {@code ‖g‖} of the batch-mean first-pass gradient over trainable entries. */
    double cleanGradientNorm();

    /** Number of trainable entries in the flat vectors. */
    long trainableCount();

    /** The model's parameters, one segment per parameter array, in flat order. */
    List<ParameterSegment> segments();

    /**
     * Views of the entries {@code scope} selects in a flat array of the parameters' length (adjacent
     * segments merged into one view; the selection is resolved once per scope).
     */
    INDArray[] views(ParameterScope scope, INDArray flat);

    /** Number of entries {@code scope} selects. */
    long count(ParameterScope scope);

    /** The model's iteration count (number of completed parameter updates). */
    int iteration();

    /** The model's epoch count. */
    int epoch();

    /**
     * The base updater's learning rate for this step (its schedule at the current iteration and epoch),
     * read from the first trainable parameter; NaN when the updater has none (GSAM ties ρ_t to it).
     */
    double learningRate();

    /** Whether this step took the second pass (false while the schedule decides). */
    boolean tookSecondPass();

    /**
     * Record a named diagnostic of this step ({@code "saner.maskedFraction"}); it appears in
     * {@code SamStepDiagnostics.values()}. A later report of the same name in the step replaces it.
     */
    void report(String name, double value);
}

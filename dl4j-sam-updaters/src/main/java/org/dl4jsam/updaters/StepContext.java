package org.dl4jsam.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one sharpness-aware step exposes to its strategies (perturbation, second-pass decision,
 * gradient transform). All arrays are the model's flat rank-1 views or per-model buffers of the same
 * length and data type; entries of non-trainable parameters (BatchNorm running statistics, frozen
 * layers) are zero in {@link #gradient()} and {@link #cleanGradient()} while a strategy runs, so
 * global reductions over the whole vector are reductions over the trainable entries.
 */
public interface StepContext {

    /** The model's flat parameter view {@code w} (perturbations add ε to it in place). */
    INDArray params();

    /**
     * The model's flat gradient view: {@code g} before the second pass, {@code ĝ = ∇L(w+ε)} after it.
     * DL4J keeps it as the sum over the minibatch: divide by {@link #gradientScale()} for the mean.
     */
    INDArray gradient();

    /** A copy of the first-pass gradient {@code g} (same scale as {@link #gradient()}). */
    INDArray cleanGradient();

    /**
     * A parameter-sized scratch buffer, allocated once per model. Index 0 is the weight backup,
     * free only after the weights are restored (gradient transforms may use it, perturbations may
     * not); indices ≥ 1 are extra buffers.
     */
    INDArray scratch(int index);

    /** The factor between {@link #gradient()} and the batch-mean gradient (batch size, or 1). */
    double gradientScale();

    /** {@code ‖g‖} of the batch-mean first-pass gradient over trainable entries. */
    double cleanGradientNorm();

    /** Number of trainable entries in the flat vectors. */
    long trainableCount();

    /** The model's iteration count (number of completed parameter updates). */
    int iteration();

    /** The model's epoch count. */
    int epoch();

    /**
     * The base updater's learning rate for this step (its schedule at the current iteration and epoch),
     * read from the first trainable parameter; NaN when the updater has none (GSAM ties ρ_t to it).
     */
    double learningRate();
}

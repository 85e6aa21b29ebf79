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

    /** @return the model's flat parameter view {@code w} (perturbations add ε to it in place) */
    INDArray params();

    /**
     * @return the model's flat gradient view: {@code g} before the second pass, {@code ĝ = ∇L(w+ε)} after it;
     *     DL4J keeps it as the sum over the minibatch (divide by {@link #gradientScale()} for the mean)
     */
    INDArray gradient();

    /**
     * @return a copy of the first-pass gradient {@code g} (same scale as {@link #gradient()}), kept on two-pass
     *     steps when a gradient transform needs it or the cosine diagnostic is on
     * @throws IllegalStateException on a one-pass step, where {@link #gradient()} itself is {@code g}
     */
    INDArray cleanGradient();

    /**
     * The weight backup, lent to a gradient transform as a scratch buffer. It holds {@code w} while the step
     * algorithm runs and is free once the weights are restored, so a transform needs no buffer of its own for a
     * temporary (SANER's mask, GSAM's {@code g − ĝ}). Its contents belong to the calling transform until the next
     * transform of the chain borrows it; a transform whose requirements declare
     * {@link TransformRequirements#weightBackupUntilUpdate()} (it ends the chain) keeps them until its
     * {@code afterUpdate}. Rules that need a buffer at any other time declare {@link StepRule#scratchBuffers()}.
     *
     * @return the buffer, as long as the parameters
     * @throws IllegalStateException outside a gradient transform's {@code apply} or {@code afterUpdate}
     */
    INDArray borrowWeightBackup();

    /** @return the factor between {@link #gradient()} and the batch-mean gradient (batch size, or 1) */
    double gradientScale();

    /** @return {@code ‖g‖} of the batch-mean first-pass gradient over trainable entries */
    double cleanGradientNorm();

    /** @return number of trainable entries in the flat vectors */
    long trainableCount();

    /** @return the model's parameters, one segment per parameter array, in flat order */
    List<ParameterSegment> segments();

    /**
     * @param scope the selection
     * @param flat an array of the parameters' length (parameters, gradient, a buffer)
     * @return views of the entries {@code scope} selects in {@code flat} (adjacent segments merged into one view;
     *     the selection is resolved once per scope)
     */
    INDArray[] views(ParameterScope scope, INDArray flat);

    /**
     * @param scope the selection
     * @return number of entries {@code scope} selects
     */
    long count(ParameterScope scope);

    /** @return the model's iteration count (number of completed parameter updates) */
    int iteration();

    /** @return the model's epoch count */
    int epoch();

    /**
     * @return the base updater's learning rate for this step (its schedule at the current iteration and epoch),
     *     read from the first trainable parameter; NaN when the updater has none (GSAM ties ρ_t to it)
     */
    double learningRate();

    /**
     * @param segment one of {@link #segments()}
     * @return the learning rate of that parameter's base updater for this step (layers may have their own); NaN
     *     when it has none or the parameter is not trainable
     */
    double learningRate(ParameterSegment segment);

    /**
     * @return whether every trainable parameter has the same learning rate this step (then
     *     {@link #learningRate()} is that rate)
     */
    boolean hasOneLearningRate();

    /** @return whether this step took the second pass (false while the schedule decides) */
    boolean tookSecondPass();

    /**
     * Record a named diagnostic of this step; it appears in {@code SamStepDiagnostics.values()}. A later
     * report of the same name in the step replaces it.
     *
     * @param name the diagnostic's name, prefixed by the rule's ({@code "saner.maskedFraction"})
     * @param value its value
     */
    void report(String name, double value);
}

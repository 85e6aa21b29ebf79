package org.dl4jsam.updaters.spi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The passes a {@link StepAlgorithm} may run inside one step. Every pass leaves a gradient whose
 * non-trainable entries are zero; with PyTorch-style decay in the ascent it already includes
 * {@code λ·w} at the current weights.
 */
public interface SecondPasses {

    /** @return the step (arrays, norms, counters, diagnostics) */
    StepContext context();

    /** @return the step's batch as DL4J holds it (features, labels and masks of the first pass) */
    Batch batch();

    /**
     * Apply the configured perturbation along the current gradient ({@code w ← w + ε}).
     *
     * @return ‖ε‖
     */
    double perturb();

    /** Put the weights back to {@code w} by copy. */
    void restoreWeights();

    /**
     * Forward/backward pass on the whole batch at the current weights, into the gradient view.
     *
     * @return the loss (DL4J's score, with regularization)
     */
    double computeGradient();

    /**
     * Forward/backward pass on part of the batch at the current weights, into the gradient view; the
     * gradient is DL4J's sum over {@code part.size()} examples.
     *
     * @param part examples of the step's batch
     * @return the loss on the part
     */
    double computeGradient(Batch part);

    /**
     * Make the current gradient (a sum over {@code examples} examples) the one that defines ε:
     * {@link StepContext#gradientScale()} becomes {@code examples} and
     * {@link StepContext#cleanGradientNorm()} its batch-mean norm, until the step ends.
     *
     * @param examples the number of examples the gradient sums over
     */
    void defineAscentFrom(long examples);

    /**
     * @param part examples of the step's batch
     * @return the loss of each example at the current weights (forward pass only, no regularization)
     */
    INDArray exampleLosses(Batch part);

    /**
     * Each example's loss in the step's first pass (DL4J's own, at {@code w}, in training mode, no regularization),
     * kept as that pass scored it: no extra pass. The first call of a run turns the keeping on and returns null (that
     * step's first pass was not kept); so does a step whose first pass was not kept.
     *
     * @return the losses in batch row order, or null
     */
    INDArray firstPassExampleLosses();

    /**
     * @return the loss of each example of the step's batch at the current weights in a training-mode forward pass
     *     (BatchNorm on the batch's statistics, as the first pass), no backward pass, no regularization
     */
    INDArray trainingModeExampleLosses();

    /**
     * The output errors of the passes; the first call puts a recorder on the model's output layers (an
     * {@code OutputErrorLoss} around each loss), which records from then on, DL4J's first passes included.
     *
     * @return the output errors of this model
     */
    OutputErrors outputErrors();
}

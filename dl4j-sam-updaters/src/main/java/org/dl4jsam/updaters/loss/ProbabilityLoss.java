package org.dl4jsam.updaters.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;

/**
 * A per-example loss defined on the output probabilities {@code p = activation(z)} (softmax, as a rule): the
 * subclass gives the per-example score and its derivative with respect to {@code p}; the chain rule through
 * the activation ({@code IActivation.backprop}) and DL4J's masking are done here, with ND4J ops on the batch.
 */
public abstract class ProbabilityLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Probabilities below this are clipped before a logarithm or a negative power. */
    protected static final double MIN_PROBABILITY = 1e-12;

    /**
     * @param labels one-hot (or soft) labels [n, C]
     * @param probabilities p [n, C]
     * @return per-example scores [n, 1]
     */
    protected abstract INDArray scores(INDArray labels, INDArray probabilities);

    /**
     * @param labels labels [n, C]
     * @param probabilities p [n, C]
     * @return ∂score/∂p [n, C] (a new array)
     */
    protected abstract INDArray gradientWrtProbabilities(INDArray labels, INDArray probabilities);

    private static INDArray probabilities(INDArray preOutput, IActivation activation) {
        return activation.getActivation(preOutput.dup(), false);
    }

    private static void requireShapes(INDArray labels, INDArray preOutput) {
        if (!java.util.Arrays.equals(labels.shape(), preOutput.shape())) {
            throw new IllegalArgumentException("labels " + java.util.Arrays.toString(labels.shape())
                    + " and network output " + java.util.Arrays.toString(preOutput.shape())
                    + " differ in shape: use one-hot labels with one column per class");
        }
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        requireShapes(labels, preOutput);
        INDArray scores = scores(labels, probabilities(preOutput, activation));
        if (mask != null) {
            scores.muli(mask.size(1) == 1 ? mask : mask.max(true, 1).castTo(scores.dataType()));
        }
        return scores;
    }

    @Override
    public double computeScore(
            INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
        double sum = computeScoreArray(labels, preOutput, activation, mask)
                .sumNumber()
                .doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        requireShapes(labels, preOutput);
        INDArray p = probabilities(preOutput, activation);
        INDArray dLdp = gradientWrtProbabilities(labels, p);
        INDArray gradient = activation.backprop(preOutput.dup(), dLdp).getFirst();
        if (mask != null) {
            LossUtil.applyMask(gradient, mask);
        }
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(
            INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
        return new Pair<>(
                computeScore(labels, preOutput, activation, mask, average),
                computeGradient(labels, preOutput, activation, mask));
    }
}

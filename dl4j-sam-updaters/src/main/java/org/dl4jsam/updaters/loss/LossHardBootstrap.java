package org.dl4jsam.updaters.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Hard bootstrapping (Reed et al. 2015): {@code L = −[β·Σ_j y_j log p_j + (1 − β)·log p_z]}, {@code z = argmax p}
 * taken as a constant target; {@code β = 0.8} as Andriushchenko &amp; Flammarion (2022, Table 2). Under SAM the
 * loss is evaluated at each pass, so {@code z} is recomputed at {@code w + ε} on the second pass (the paper's
 * option of freezing {@code z} from the clean pass is not provided).
 */
public final class LossHardBootstrap extends ProbabilityLoss {
    private static final long serialVersionUID = 1L;

    /** The papers' β. */
    public static final double DEFAULT_BETA = 0.8;

    private final double beta;

    /** Hard bootstrapping with {@code β = 0.8}. */
    public LossHardBootstrap() {
        this(DEFAULT_BETA);
    }

    /**
     * @param beta weight of the given label, in [0, 1] (1: cross entropy)
     * @throws IllegalArgumentException unless 0 ≤ β ≤ 1
     */
    @JsonCreator
    public LossHardBootstrap(@JsonProperty("beta") double beta) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("LossHardBootstrap: beta = " + beta
                    + " is invalid; it must be in [0, 1] (0.8 in the papers; 1 is cross entropy)");
        }
        this.beta = beta;
    }

    /** @return β */
    @JsonProperty("beta")
    public double getBeta() {
        return beta;
    }

    /** {@code β·y + (1 − β)·onehot(argmax p)}: the target the loss's cross entropy is taken against. */
    private INDArray target(INDArray labels, INDArray p) {
        INDArray predicted = Nd4j.zeros(p.dataType(), p.shape());
        int[] argmax = p.argMax(1).toIntVector();
        for (int i = 0; i < argmax.length; i++) {
            predicted.putScalar(i, argmax[i], 1.0);
        }
        return predicted.muli(1 - beta).addi(labels.castTo(p.dataType()).mul(beta));
    }

    @Override
    protected INDArray scores(INDArray labels, INDArray p) {
        INDArray logP = Transforms.log(Transforms.max(p, MIN_PROBABILITY, true), false);
        return target(labels, p).muli(logP).sum(true, 1).negi();
    }

    @Override
    protected INDArray gradientWrtProbabilities(INDArray labels, INDArray p) {
        return target(labels, p).divi(Transforms.max(p, MIN_PROBABILITY, true)).negi(); // −t_j / p_j
    }

    @Override
    public String name() {
        return "LossHardBootstrap(beta=" + beta + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossHardBootstrap other && Double.compare(other.beta, beta) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(beta);
    }
}

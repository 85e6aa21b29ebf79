package org.dl4jsam.updaters.loss;

import org.dl4jsam.updaters.spi.PerturbedPassAware;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * Hard bootstrapping (Reed et al. 2015, arXiv:1412.6596): {@code L = −[β·Σ_j y_j log p_j + (1 − β)·log p_z]},
 * {@code z = argmax p} taken as a constant target; {@code β = 0.8}, Reed et al.'s value for the hard form (SANER's
 * Table 7 combines SAM and SANER with it). Under SAM, {@code z} is recomputed at {@code w + ε} on the perturbed pass
 * by default; with {@code frozenTarget} it is the {@code z} of the step's clean pass, row by row also on steps whose
 * perturbed passes work on part of the batch (the step tells the loss when its perturbed passes run and on which
 * rows, {@link PerturbedPassAware}); a pass whose rows cannot be matched is an error, never a silent recompute.
 */
public final class LossHardBootstrap extends ProbabilityLoss implements PerturbedPassAware {
    private static final long serialVersionUID = 1L;

    /** The papers' β. */
    public static final double DEFAULT_BETA = 0.8;

    private final double beta;
    private final boolean frozenTarget;
    private transient int[] cleanTarget;
    private transient boolean perturbed;
    private transient long[] passRows;

    /** Hard bootstrapping with {@code β = 0.8}, {@code z} recomputed at each pass. */
    public LossHardBootstrap() {
        this(DEFAULT_BETA);
    }

    /**
     * @param beta weight of the given label, in [0, 1] (1: cross entropy)
     * @throws IllegalArgumentException unless 0 ≤ β ≤ 1
     */
    public LossHardBootstrap(double beta) {
        this(beta, false);
    }

    /**
     * @param beta weight of the given label, in [0, 1] (1: cross entropy)
     * @param frozenTarget under SAM, take {@code z} from the step's clean pass rather than at {@code w + ε}
     * @throws IllegalArgumentException unless 0 ≤ β ≤ 1
     */
    @JsonCreator
    public LossHardBootstrap(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty("beta") double beta,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty("frozenTarget") boolean frozenTarget) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("LossHardBootstrap: beta = " + beta
                    + " is invalid; it must be in [0, 1] (0.8 in the papers; 1 is cross entropy)");
        }
        this.beta = beta;
        this.frozenTarget = frozenTarget;
    }

    /** @return whether z is frozen from the clean pass under SAM */
    @JsonProperty("frozenTarget")
    public boolean isFrozenTarget() {
        return frozenTarget;
    }

    @Override
    public void enterPerturbedPasses() {
        perturbed = true;
        passRows = null;
    }

    @Override
    public void nextPassRows(long[] rows) {
        passRows = rows;
    }

    @Override
    public void exitPerturbedPasses() {
        perturbed = false;
        passRows = null;
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
        if (frozenTarget) {
            if (perturbed) {
                argmax = frozen(argmax.length); //                  z of the clean pass, for this pass's rows
            } else {
                cleanTarget = argmax;
            }
        }
        for (int i = 0; i < argmax.length; i++) {
            predicted.putScalar(i, argmax[i], 1.0);
        }
        return predicted.muli(1 - beta).addi(labels.castTo(p.dataType()).mul(beta));
    }

    /** The clean pass's z for the rows of the current perturbed pass; an error rather than a silent recompute. */
    private int[] frozen(int examples) {
        if (cleanTarget == null) {
            throw new IllegalStateException("LossHardBootstrap(frozenTarget): a perturbed pass ran before any clean "
                    + "pass recorded z; the frozen target needs the step's first pass through this loss");
        }
        if (passRows == null) {
            if (cleanTarget.length != examples) {
                throw new IllegalStateException("LossHardBootstrap(frozenTarget): the perturbed pass has " + examples
                        + " examples, the clean pass had " + cleanTarget.length
                        + ", and the step did not say which rows it works on");
            }
            return cleanTarget;
        }
        if (passRows.length != examples) {
            throw new IllegalStateException("LossHardBootstrap(frozenTarget): the perturbed pass has " + examples
                    + " examples, the step announced " + passRows.length + " rows");
        }
        int[] target = new int[examples];
        for (int i = 0; i < examples; i++) {
            target[i] = cleanTarget[(int) passRows[i]];
        }
        return target;
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
        return "LossHardBootstrap(beta=" + beta + (frozenTarget ? ", frozenTarget" : "") + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossHardBootstrap other
                && Double.compare(other.beta, beta) == 0
                && other.frozenTarget == frozenTarget;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(beta) * 31 + (frozenTarget ? 1 : 0);
    }
}

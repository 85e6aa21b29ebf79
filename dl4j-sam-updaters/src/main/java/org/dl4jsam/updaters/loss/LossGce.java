package org.dl4jsam.updaters.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * Generalized cross entropy (Zhang &amp; Sabuncu 2018): {@code L = (1 − p_y^q)/q}, between cross entropy
 * ({@code q → 0}) and the mean absolute error ({@code q = 1}); {@code q = 0.7} as Andriushchenko &amp; Flammarion
 * (2022, Table 2) use it with SAM. For soft labels, {@code p_y = Σ_j y_j p_j}.
 */
public final class LossGce extends ProbabilityLoss {
    private static final long serialVersionUID = 1L;

    /** The papers' q. */
    public static final double DEFAULT_Q = 0.7;

    private final double q;

    /** GCE with {@code q = 0.7}. */
    public LossGce() {
        this(DEFAULT_Q);
    }

    /**
     * @param q the exponent, in (0, 1]
     * @throws IllegalArgumentException unless 0 &lt; q ≤ 1
     */
    @JsonCreator
    public LossGce(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty("q") double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("LossGce: q = " + q
                    + " is invalid; it must be in (0, 1] (0.7 in the papers; q → 0 is cross entropy)");
        }
        this.q = q;
    }

    /** @return q */
    @JsonProperty("q")
    public double getQ() {
        return q;
    }

    private static INDArray trueClassProbability(INDArray labels, INDArray p) {
        return labels.mul(p).sum(true, 1);
    }

    @Override
    protected INDArray scores(INDArray labels, INDArray p) {
        INDArray py = trueClassProbability(labels, p);
        return Transforms.pow(py, q, false).rsubi(1.0).divi(q); //                       (1 − p_y^q)/q
    }

    @Override
    protected INDArray gradientWrtProbabilities(INDArray labels, INDArray p) {
        INDArray py = Transforms.max(trueClassProbability(labels, p), MIN_PROBABILITY, false);
        INDArray factor = Transforms.pow(py, q - 1, false).negi(); //                    −p_y^(q−1)
        return labels.mulColumnVector(factor); //                                        ∂L/∂p_j = −y_j·p_y^(q−1)
    }

    @Override
    public String name() {
        return "LossGce(q=" + q + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossGce other && Double.compare(other.q, q) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(q);
    }
}

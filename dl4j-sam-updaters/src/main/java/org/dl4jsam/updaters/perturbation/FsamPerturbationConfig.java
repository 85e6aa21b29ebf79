package org.dl4jsam.updaters.perturbation;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * F-SAM, Friendly SAM (Li et al., CVPR 2024, "Friendly Sharpness-Aware Minimization", Algorithm 1):
 * ε along the batch gradient minus a multiple of the full-gradient estimate, in the official code's
 * order. On the first step {@code m = g} and ε is SAM's; on every later step
 * {@code d = g − σ·m_{t−1}}, then {@code m_t = λ·m_{t−1} + (1−λ)·g} (raw g), and
 * {@code ε = ρ·d/(‖d‖ + 1e-12)}. The ports that update {@code m} before subtracting it drift from this
 * order. {@code m} is array state (one parameter-sized entry per parameter), updated on the steps that
 * take the second pass; {@code d} is formed in the gradient buffer, which the second pass overwrites,
 * so the step needs no buffer beyond {@code m}.
 *
 * @param rho the radius ρ ≥ 0
 * @param sigma σ ≥ 0, the weight of the subtracted estimate (1 in the paper)
 * @param lambda λ in [0, 1), the estimate's decay (0.6 to 0.95 in the paper; 0.9 the code's default)
 */
public record FsamPerturbationConfig(double rho, double sigma, double lambda)
        implements PerturbationConfig, StrictJson {
    /** The paper's σ. */
    public static final double DEFAULT_SIGMA = 1.0;
    /** The official code's default λ. */
    public static final double DEFAULT_LAMBDA = 0.9;

    /**
     * @param rho the radius ρ ≥ 0
     * @param sigma σ ≥ 0
     * @param lambda λ in [0, 1)
     */
    @JsonCreator
    public FsamPerturbationConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rho", required = true) double rho,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "sigma", required = true) double sigma,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "lambda", required = true) double lambda) {
        this.rho = Checks.finiteAtLeast("F-SAM", "rho", rho, 0.0);
        this.sigma = Checks.finiteAtLeast("F-SAM", "sigma", sigma, 0.0);
        if (!(lambda >= 0 && lambda < 1)) {
            throw new IllegalArgumentException("F-SAM: lambda = " + lambda + " is invalid; it must be in [0, 1)");
        }
        this.lambda = lambda;
    }

    @Override
    public PerturbationRule newRule() {
        return new FsamRule(this);
    }
}

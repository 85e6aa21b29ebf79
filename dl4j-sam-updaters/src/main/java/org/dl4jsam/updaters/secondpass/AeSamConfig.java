package org.dl4jsam.updaters.secondpass;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * AE-SAM's adaptive policy (Jiang et al. 2023, Algorithm 1): track the squared norm {@code s_t =
 * ‖g_t‖²} of the batch-mean gradient with exponential moving averages
 *
 * <pre>
 * μ_t  = δ·μ_{t−1} + (1−δ)·s_t                    μ_{−1} = 0
 * σ²_t = δ·σ²_{t−1} + (1−δ)·(s_t − μ_t)²          σ²_{−1} = e^{−10}
 * c_t  = (t/T)·λ₁ + (1 − t/T)·λ₂                  t/T clamped to [0, 1]
 * </pre>
 *
 * and take the SAM pass iff {@code s_t ≥ μ_t + c_t·σ_t}. {@code t} is the model's iteration count
 * and {@code T} the planned number of iterations. AE-SAM uses λ₁ = −1, λ₂ = 1 (about half of the
 * steps are SAM steps); AE-LookSAM λ₁ = 0, λ₂ = 2.
 *
 * @param lambda1 final threshold coefficient λ₁ (≤ λ₂)
 * @param lambda2 initial threshold coefficient λ₂
 * @param delta forgetting rate δ in (0, 1)
 * @param totalIterations T ≥ 1, the planned number of iterations (epochs × iterations per epoch)
 */
public record AeSamConfig(double lambda1, double lambda2, double delta, long totalIterations)
        implements SecondPassConfig, StrictJson {
    /** AE-SAM's final threshold coefficient λ₁. */
    public static final double DEFAULT_LAMBDA1 = -1.0;
    /** AE-SAM's initial threshold coefficient λ₂. */
    public static final double DEFAULT_LAMBDA2 = 1.0;
    /** AE-SAM's forgetting rate δ. */
    public static final double DEFAULT_DELTA = 0.9;
    /** σ²_{−1} of the paper. */
    public static final double INITIAL_VARIANCE = Math.exp(-10);

    /**
     * @param lambda1 final threshold coefficient λ₁ (≤ λ₂)
     * @param lambda2 initial threshold coefficient λ₂
     * @param delta forgetting rate δ in (0, 1)
     * @param totalIterations T ≥ 1, the planned number of iterations
     */
    @JsonCreator
    public AeSamConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "lambda1", required = true) double lambda1,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "lambda2", required = true) double lambda2,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "delta", required = true) double delta,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "totalIterations", required = true)
                    long totalIterations) {
        this.lambda1 = Checks.finite("AE-SAM", "lambda1", lambda1);
        this.lambda2 = Checks.finite("AE-SAM", "lambda2", lambda2);
        if (lambda1 > lambda2) {
            throw new IllegalArgumentException("AE-SAM: lambda1 = " + lambda1 + " is invalid; it must be ≤ lambda2 = "
                    + lambda2 + " (c_t decreases from lambda2 to lambda1)");
        }
        this.delta = Checks.inOpenRange("AE-SAM", "delta", delta, 0.0, 1.0);
        this.totalIterations = Checks.positive("AE-SAM", "totalIterations", totalIterations);
    }

    /**
     * The paper's AE-SAM defaults (λ₁ = −1, λ₂ = 1, δ = 0.9).
     *
     * @param totalIterations T, the planned number of iterations
     * @return the configuration
     */
    public static AeSamConfig forIterations(long totalIterations) {
        return new AeSamConfig(DEFAULT_LAMBDA1, DEFAULT_LAMBDA2, DEFAULT_DELTA, totalIterations);
    }

    /**
     * @param iteration the model's iteration count t
     * @return the threshold coefficient {@code c_t = (t/T)·λ₁ + (1 − t/T)·λ₂}, t/T clamped to [0, 1]
     */
    public double thresholdCoefficient(long iteration) {
        double progress = Math.min(1.0, Math.max(0.0, (double) iteration / totalIterations));
        return progress * lambda1 + (1.0 - progress) * lambda2;
    }

    @Override
    public SecondPassRule newRule() {
        return new AeSamRule(this);
    }
}

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
 * VaSSO (Li &amp; Giannakis, NeurIPS 2023, "Enhancing Sharpness-Aware Optimization Through Variance
 * Suppression", Eq. 5): ε along an exponential moving average of the batch-mean gradient,
 * {@code d_t = (1−θ)·d_{t−1} + θ·g_t}, {@code d_0 = g_0} (as the official code and SANER's), {@code ε = ρ·d_t/(‖d_t‖ + 1e-12)}. The
 * average is array state (one parameter-sized entry per parameter), saved with the model; it is updated
 * on the steps that take the second pass.
 *
 * @param rho the radius ρ ≥ 0
 * @param theta θ in (0, 1] (0.9 on clean data, 0.2 under label noise in the SANER repository)
 */
public record VassoPerturbationConfig(double rho, double theta) implements PerturbationConfig, StrictJson {

    /**
     * @param rho the radius ρ ≥ 0
     * @param theta θ in (0, 1]
     */
    @JsonCreator
    public VassoPerturbationConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rho", required = true) double rho,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "theta", required = true) double theta) {
        this.rho = Checks.finiteAtLeast("VaSSO", "rho", rho, 0.0);
        if (!(theta > 0 && theta <= 1)) {
            throw new IllegalArgumentException("VaSSO: theta = " + theta + " is invalid; it must be in (0, 1]");
        }
        this.theta = theta;
    }

    @Override
    public PerturbationRule newRule() {
        return new VassoRule(this);
    }
}

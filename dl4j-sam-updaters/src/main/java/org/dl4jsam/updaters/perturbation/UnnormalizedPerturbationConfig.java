package org.dl4jsam.updaters.perturbation;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * Unnormalized SAM (Andriushchenko &amp; Flammarion 2022, Eq. 3): {@code ε = ρ·g} with {@code g} the
 * batch-mean gradient; with {@code projected}, the step is projected onto the ρ-ball: {@code ε =
 * ρ·g·min(1, 1/‖g‖)}. ρ is usually tuned 2–4× larger than for normalized SAM.
 *
 * @param rho the factor ρ ≥ 0
 * @param projected whether to clip ‖ε‖ at ρ
 */
public record UnnormalizedPerturbationConfig(double rho, boolean projected) implements PerturbationConfig, StrictJson {

    /**
     * @param rho the factor ρ ≥ 0
     * @param projected whether to clip ‖ε‖ at ρ
     */
    @JsonCreator
    public UnnormalizedPerturbationConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rho", required = true) double rho,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "projected", required = true) boolean projected) {
        this.rho = Checks.finiteAtLeast("unnormalized SAM perturbation", "rho", rho, 0.0);
        this.projected = projected;
    }

    @Override
    public PerturbationRule newRule() {
        return context -> {
            double norm = context.cleanGradientNorm();
            double factor = projected && norm > 1.0 ? rho / norm : rho; // ε = ρ·g_mean·min(1, 1/‖g_mean‖)
            Blas.axpy(factor / context.gradientScale(), context.gradient(), context.params());
            return factor * norm;
        };
    }
}

package org.dl4jsam.updaters;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * SAM's ascent step (Foret et al. 2021, Eq. 2): {@code ε = ρ·g/(‖g‖ + 1e-12)} with {@code g} the
 * batch-mean gradient over trainable parameters. A zero gradient gives ε = 0.
 *
 * @param rho the radius ρ ≥ 0 (0.05 on clean data, 0.1 under label noise in the papers)
 */
public record NormalizedPerturbationConfig(double rho) implements PerturbationConfig, StrictJson {
    /** The constant added to the norm, as in the reference implementations. */
    public static final double NORM_EPSILON = 1e-12;

    @JsonCreator
    public NormalizedPerturbationConfig(@JsonProperty(value = "rho", required = true) double rho) {
        this.rho = Checks.finiteAtLeast("SAM perturbation", "rho", rho, 0.0);
    }

    @Override
    public PerturbationRule newRule() {
        return context -> {
            double norm = context.cleanGradientNorm();
            double ratio = rho / (norm + NORM_EPSILON); //                ε = ρ·g_mean/(‖g_mean‖+1e-12)
            Blas.axpy(ratio / context.gradientScale(), context.gradient(), context.params()); // w += ε
            return ratio * norm;
        };
    }
}

package org.dl4jsam.updaters.perturbation;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * SAM's ascent step (Foret et al. 2021, Eq. 2): {@code ε = ρ·g/(‖g‖ + 1e-12)} with {@code g} the
 * batch-mean gradient restricted to {@code scope} (all trainable parameters by default; the norm is
 * taken over the scope, and parameters outside it are not perturbed). A zero gradient gives ε = 0.
 *
 * @param rho the radius ρ ≥ 0 (0.05 on clean data, 0.1 under label noise in the papers)
 * @param scope the parameters ε acts on
 */
public record NormalizedPerturbationConfig(double rho, ParameterScope scope) implements PerturbationConfig, StrictJson {
    /** The constant added to the norm, as in the reference implementations. */
    public static final double NORM_EPSILON = 1e-12;

    /**
     * @param rho the radius ρ ≥ 0
     * @param scope the parameters ε acts on, or null for all trainable ones
     */
    @JsonCreator
    public NormalizedPerturbationConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rho", required = true) double rho,
            @JsonProperty("scope") ParameterScope scope) {
        this.rho = Checks.finiteAtLeast("SAM perturbation", "rho", rho, 0.0);
        this.scope = scope == null ? ParameterScope.allTrainable() : scope;
    }

    /**
     * ε over all trainable parameters.
     *
     * @param rho the radius ρ ≥ 0
     */
    public NormalizedPerturbationConfig(double rho) {
        this(rho, null);
    }

    @Override
    public PerturbationRule newRule() {
        if (scope.selectsAll()) {
            return context -> {
                double norm = context.cleanGradientNorm();
                double ratio = rho / (norm + NORM_EPSILON); //                ε = ρ·g_mean/(‖g_mean‖+1e-12)
                Blas.axpy(ratio / context.gradientScale(), context.gradient(), context.params()); // w += ε
                return ratio * norm;
            };
        }
        return context -> {
            INDArray[] gradient = context.views(scope, context.gradient());
            INDArray[] params = context.views(scope, context.params());
            double squares = 0;
            for (INDArray run : gradient) {
                double runNorm = Blas.norm2(run);
                squares += runNorm * runNorm;
            }
            double norm = Math.sqrt(squares) / context.gradientScale();
            double ratio = rho / (norm + NORM_EPSILON);
            for (int i = 0; i < gradient.length; i++) {
                Blas.axpy(ratio / context.gradientScale(), gradient[i], params[i]);
            }
            return ratio * norm;
        };
    }
}

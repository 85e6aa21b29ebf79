package org.dl4jsam.updaters.transform;

import java.util.Map;
import org.dl4jsam.updaters.perturbation.NormalizedPerturbationConfig;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.StepContext;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * MSAM, Momentum-SAM (Becker et al. 2024, "Momentum-SAM: Sharpness Aware Minimization without
 * Computational Overhead", arXiv:2401.12033, Algorithm 1): one pass per step. Between steps the
 * network holds {@code w̃ = w + ρ·Δ/‖Δ‖}, where Δ is the last update the base updater applied; for
 * SGD with momentum Δ = −lr·v, so this is the official {@code w − ρ·v/‖v‖}. DL4J's pass at w̃ gives
 * the sharpness-aware gradient; the step moves back to w, hands that gradient to the base updater
 * (weight decay, if any, taken at w), and after the update moves to the new w̃. The first step is
 * plain training (Δ = 0). Δ is array state and ρ/‖Δ‖ a scalar, both saved with the model; a saved
 * model holds w̃, as the official code's parameters do until {@code move_back_from_momentumAscent}.
 * Use it with {@code NoSecondPassConfig}; it must be the last transform.
 *
 * @param rho the radius ρ ≥ 0 (the authors use ρ = 3 on CIFAR-100 with WRN-16-4, 0.3 by default)
 */
public record MsamConfig(double rho) implements GradientTransformConfig, StrictJson {
    private static final ParameterScope TRAINABLE = ParameterScope.allTrainable();

    /** @param rho the radius ρ ≥ 0 */
    @JsonCreator
    public MsamConfig(@JsonProperty(value = "rho", required = true) double rho) {
        this.rho = Checks.finiteAtLeast("MSAM", "rho", rho, 0.0);
    }

    @Override
    public GradientTransformRule newRule() {
        return new GradientTransformRule() {
            private INDArray lastUpdate;
            private double ratio;
            private boolean pending;

            @Override
            public long stateSize(long numParams) {
                return numParams;
            }

            @Override
            public void setStateView(INDArray view) {
                lastUpdate = view;
            }

            @Override
            public Map<String, Double> scalarState() {
                return Map.of("ratio", ratio);
            }

            @Override
            public void restoreScalarState(Map<String, Double> state) {
                Double value = state.get("ratio");
                if (value == null || state.size() != 1) {
                    throw new IllegalArgumentException("MSAM state must hold 'ratio', got " + state.keySet());
                }
                ratio = value;
            }

            @Override
            public void apply(StepContext context) {
                INDArray params = context.params();
                Blas.axpy(-ratio, lastUpdate, params); //          w = w̃ − ρ·Δ/‖Δ‖
                context.scratch(0).assign(params); //              w, to measure this step's update
                pending = true;
            }

            @Override
            public void afterUpdate(StepContext context) {
                if (!pending) {
                    return;
                }
                pending = false;
                INDArray params = context.params();
                // Δ = w_{t+1} − w_t on the trainable entries (batch-norm statistics are not moved)
                INDArray[] update = context.views(TRAINABLE, lastUpdate);
                INDArray[] now = context.views(TRAINABLE, params);
                INDArray[] before = context.views(TRAINABLE, context.scratch(0));
                for (int i = 0; i < update.length; i++) {
                    now[i].sub(before[i], update[i]);
                }
                double norm = Blas.norm2(lastUpdate);
                ratio = norm == 0 ? 0 : rho / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
                Blas.axpy(ratio, lastUpdate, params); //            w̃ = w_{t+1} + ρ·Δ/‖Δ‖
            }
        };
    }

    @Override
    public boolean needsCleanGradient() {
        return false;
    }

    @Override
    public boolean mustBeLast() {
        return true;
    }

    @Override
    public boolean onePassOnly() {
        return true;
    }
}

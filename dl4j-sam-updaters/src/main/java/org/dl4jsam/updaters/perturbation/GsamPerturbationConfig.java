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
 * GSAM's ascent step (Zhuang et al., ICLR 2022, "Surrogate Gap Guided Sharpness-Aware Minimization",
 * Algorithm 1, official code): SAM's {@code ε = ρ_t·g/‖g‖} with ρ tied to the learning rate,
 * {@code ρ_t = ρ_min + (ρ_max − ρ_min)·(lr_t − lr_min)/(lr_max − lr_min)} ({@code ρ_max} when
 * {@code lr_max = lr_min}). {@code lr_t} is the base updater's scheduled rate for the step. Pair it with
 * {@code GsamConfig}, the gradient decomposition.
 *
 * @param rhoMax ρ at {@code lr_max}
 * @param rhoMin ρ at {@code lr_min}
 * @param lrMax the schedule's largest learning rate
 * @param lrMin the schedule's smallest learning rate
 */
public record GsamPerturbationConfig(double rhoMax, double rhoMin, double lrMax, double lrMin)
        implements PerturbationConfig, StrictJson {

    /**
     * @param rhoMax ρ at {@code lr_max}, ≥ 0
     * @param rhoMin ρ at {@code lr_min}, ≥ 0
     * @param lrMax the schedule's largest learning rate
     * @param lrMin the schedule's smallest learning rate, ≤ lrMax
     */
    @JsonCreator
    public GsamPerturbationConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rhoMax", required = true) double rhoMax,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rhoMin", required = true) double rhoMin,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "lrMax", required = true) double lrMax,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "lrMin", required = true) double lrMin) {
        this.rhoMax = Checks.finiteAtLeast("GSAM", "rhoMax", rhoMax, 0.0);
        this.rhoMin = Checks.finiteAtLeast("GSAM", "rhoMin", rhoMin, 0.0);
        this.lrMax = Checks.finite("GSAM", "lrMax", lrMax);
        this.lrMin = Checks.finite("GSAM", "lrMin", lrMin);
        if (lrMin > lrMax) {
            throw new IllegalArgumentException("GSAM: lrMin = " + lrMin + " must be ≤ lrMax = " + lrMax);
        }
    }

    /**
     * @param learningRate the step's learning rate
     * @return ρ_t
     */
    public double rhoAt(double learningRate) {
        if (lrMax == lrMin || Double.isNaN(learningRate)) {
            return rhoMax;
        }
        return rhoMin + (rhoMax - rhoMin) * (learningRate - lrMin) / (lrMax - lrMin);
    }

    @Override
    public PerturbationRule newRule() {
        return context -> {
            double rho = rhoAt(context.learningRate());
            double norm = context.cleanGradientNorm();
            double ratio = rho / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
            Blas.axpy(ratio / context.gradientScale(), context.gradient(), context.params());
            return ratio * norm;
        };
    }
}

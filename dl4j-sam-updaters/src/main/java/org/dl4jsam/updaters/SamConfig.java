package org.dl4jsam.updaters;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The complete, immutable configuration of a sharpness-aware step: how ε is formed
 * ({@link PerturbationConfig}), when the second pass runs ({@link SecondPassConfig}), how its
 * gradient is post-processed ({@link GradientTransformConfig}, or none), and the BatchNorm and
 * non-finite policies. Factories give the variants of docs/algorithms.md §1–§3; withers change one part.
 *
 * @param perturbation the ascent step
 * @param secondPass when to take the second pass
 * @param gradientTransform post-processing of {@code ĝ}, or null for none
 * @param batchNormPolicy which passes update BatchNorm running statistics
 * @param nonFinitePolicy what a non-finite gradient does
 * @param weightDecay PyTorch-style decay on all trainable parameters applied by the step, or null for
 *     none (DL4J's own {@code .l2} still applies as configured)
 * @param cosineDiagnostic whether each step reports {@code cos(g, ĝ)}; it costs one parameter-sized copy
 *     of {@code g} when no gradient transform keeps one anyway (off by default: plain SAM then holds a
 *     single buffer, the weight backup)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamConfig(
        PerturbationConfig perturbation,
        SecondPassConfig secondPass,
        GradientTransformConfig gradientTransform,
        BatchNormPolicy batchNormPolicy,
        NonFinitePolicy nonFinitePolicy,
        WeightDecayConfig weightDecay,
        boolean cosineDiagnostic)
        implements StrictJson, java.io.Serializable {

    @JsonCreator
    public SamConfig(
            @JsonProperty("perturbation") PerturbationConfig perturbation,
            @JsonProperty("secondPass") SecondPassConfig secondPass,
            @JsonProperty("gradientTransform") GradientTransformConfig gradientTransform,
            @JsonProperty("batchNormPolicy") BatchNormPolicy batchNormPolicy,
            @JsonProperty("nonFinitePolicy") NonFinitePolicy nonFinitePolicy,
            @JsonProperty("weightDecay") WeightDecayConfig weightDecay,
            @JsonProperty("cosineDiagnostic") boolean cosineDiagnostic) {
        this.perturbation = Checks.notNull("SamConfig", "perturbation", perturbation);
        this.secondPass = Checks.notNull("SamConfig", "secondPass", secondPass);
        this.gradientTransform = gradientTransform;
        this.batchNormPolicy = Checks.notNull("SamConfig", "batchNormPolicy", batchNormPolicy);
        this.nonFinitePolicy = Checks.notNull("SamConfig", "nonFinitePolicy", nonFinitePolicy);
        this.weightDecay = weightDecay;
        this.cosineDiagnostic = cosineDiagnostic;
    }

    private static SamConfig of(PerturbationConfig perturbation) {
        return new SamConfig(
                perturbation,
                new EveryStepConfig(),
                null,
                BatchNormPolicy.KEEP_CLEAN_PASS,
                NonFinitePolicy.FAIL,
                null,
                false);
    }

    /** SAM (Foret et al. 2021): {@code ε = ρ·g/‖g‖}, every step. */
    public static SamConfig sam(double rho) {
        return of(new NormalizedPerturbationConfig(rho));
    }

    /** Unnormalized SAM (Andriushchenko &amp; Flammarion 2022): {@code ε = ρ·g}, every step. */
    public static SamConfig unnormalizedSam(double rho) {
        return of(new UnnormalizedPerturbationConfig(rho, false));
    }

    /** Unnormalized SAM with ε projected onto the ρ-ball: {@code ε = ρ·g·min(1, 1/‖g‖)}. */
    public static SamConfig projectedUnnormalizedSam(double rho) {
        return of(new UnnormalizedPerturbationConfig(rho, true));
    }

    /** SANER on SAM (Luong et al. 2024) with the paper's warm-up of α over 50 epochs. */
    public static SamConfig saner(double rho, double alpha) {
        return sam(rho).withGradientTransform(SanerConfig.paperDefaults(alpha));
    }

    /** AE-SAM (Jiang et al. 2023) with λ₁ = −1, λ₂ = 1, δ = 0.9 over T planned iterations. */
    public static SamConfig aeSam(double rho, long totalIterations) {
        return sam(rho).withSecondPass(AeSamConfig.forIterations(totalIterations));
    }

    public SamConfig withPerturbation(PerturbationConfig value) {
        return new SamConfig(
                value, secondPass, gradientTransform, batchNormPolicy, nonFinitePolicy, weightDecay, cosineDiagnostic);
    }

    public SamConfig withSecondPass(SecondPassConfig value) {
        return new SamConfig(
                perturbation,
                value,
                gradientTransform,
                batchNormPolicy,
                nonFinitePolicy,
                weightDecay,
                cosineDiagnostic);
    }

    /** @param value the transform, or null for none */
    public SamConfig withGradientTransform(GradientTransformConfig value) {
        return new SamConfig(
                perturbation, secondPass, value, batchNormPolicy, nonFinitePolicy, weightDecay, cosineDiagnostic);
    }

    public SamConfig withBatchNormPolicy(BatchNormPolicy value) {
        return new SamConfig(
                perturbation, secondPass, gradientTransform, value, nonFinitePolicy, weightDecay, cosineDiagnostic);
    }

    public SamConfig withNonFinitePolicy(NonFinitePolicy value) {
        return new SamConfig(
                perturbation, secondPass, gradientTransform, batchNormPolicy, value, weightDecay, cosineDiagnostic);
    }

    /** @param value whether each step reports {@code cos(g, ĝ)} (one extra buffer for plain SAM) */
    public SamConfig withCosineDiagnostic(boolean value) {
        return new SamConfig(
                perturbation, secondPass, gradientTransform, batchNormPolicy, nonFinitePolicy, weightDecay, value);
    }

    /** @param value PyTorch-style weight decay applied by the step, or null for none */
    public SamConfig withWeightDecay(WeightDecayConfig value) {
        return new SamConfig(
                perturbation, secondPass, gradientTransform, batchNormPolicy, nonFinitePolicy, value, cosineDiagnostic);
    }

    /**
     * Plain training through the same step (no second pass): the baseline for comparisons in which the
     * step also applies {@link WeightDecayConfig}.
     */
    public static SamConfig erm() {
        return sam(0.0).withSecondPass(new NoSecondPassConfig());
    }

    /** This configuration as JSON. */
    public String toJson() {
        return SamJson.write(this);
    }

    /** Parse {@link #toJson()} output; unknown properties and invalid values are rejected. */
    public static SamConfig fromJson(String json) {
        return SamJson.read(json, SamConfig.class);
    }
}

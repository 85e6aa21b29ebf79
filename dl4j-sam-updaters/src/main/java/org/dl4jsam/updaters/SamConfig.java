package org.dl4jsam.updaters;

import java.util.List;
import org.dl4jsam.updaters.perturbation.NormalizedPerturbationConfig;
import org.dl4jsam.updaters.perturbation.UnnormalizedPerturbationConfig;
import org.dl4jsam.updaters.secondpass.AeSamConfig;
import org.dl4jsam.updaters.secondpass.EveryStepConfig;
import org.dl4jsam.updaters.secondpass.NoSecondPassConfig;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.SamJson;
import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.spi.StrictJson;
import org.dl4jsam.updaters.spi.TransformRequirements;
import org.dl4jsam.updaters.step.TwoPassStepConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * The complete, immutable configuration of a sharpness-aware step: how ε is formed
 * ({@link PerturbationConfig}), when the second pass runs ({@link SecondPassConfig}), how a two-pass
 * step computes its gradient from the batch ({@link StepAlgorithmConfig}), the chain of
 * post-processing transforms ({@link GradientTransformConfig}), the BatchNorm and non-finite
 * policies, and PyTorch-style weight decay. Factories give the variants of docs/algorithms.md;
 * {@link SamPresets} names them; withers change one part.
 *
 * @param perturbation the ascent step
 * @param secondPass when to take the second pass
 * @param stepAlgorithm how a two-pass step uses the batch (one perturbed pass by default)
 * @param gradientTransforms post-processing of the gradient, applied in order on every step (empty: none)
 * @param batchNormPolicy which passes update BatchNorm running statistics
 * @param nonFinitePolicy what a non-finite gradient does
 * @param weightDecay PyTorch-style decay on all trainable parameters applied by the step, or null for
 *     none (DL4J's own {@code .l2} still applies as configured)
 * @param cosineDiagnostic whether each step reports {@code cos(g, ĝ)}; it costs one parameter-sized copy
 *     of {@code g} when no gradient transform keeps one anyway (off by default: plain SAM then holds a
 *     single buffer, the weight backup)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SamConfig(
        PerturbationConfig perturbation,
        SecondPassConfig secondPass,
        StepAlgorithmConfig stepAlgorithm,
        List<GradientTransformConfig> gradientTransforms,
        BatchNormPolicy batchNormPolicy,
        NonFinitePolicy nonFinitePolicy,
        WeightDecayConfig weightDecay,
        boolean cosineDiagnostic)
        implements StrictJson, java.io.Serializable {

    /**
     * Validates the parts; a null step algorithm means {@link TwoPassStepConfig}, null transforms none.
     *
     * @param perturbation the ascent step
     * @param secondPass when to take the second pass
     * @param stepAlgorithm how a two-pass step uses the batch, or null for the default
     * @param gradientTransforms the transform chain, or null for none
     * @param batchNormPolicy which passes update BatchNorm running statistics
     * @param nonFinitePolicy what a non-finite gradient does
     * @param weightDecay PyTorch-style decay applied by the step, or null for none
     * @param cosineDiagnostic whether each step reports {@code cos(g, ĝ)}
     */
    @JsonCreator
    public SamConfig(
            @JsonProperty(value = "perturbation", required = true) PerturbationConfig perturbation,
            @JsonProperty(value = "secondPass", required = true) SecondPassConfig secondPass,
            @JsonProperty("stepAlgorithm") StepAlgorithmConfig stepAlgorithm,
            @JsonProperty("gradientTransforms") List<GradientTransformConfig> gradientTransforms,
            @JsonProperty(value = "batchNormPolicy", required = true) BatchNormPolicy batchNormPolicy,
            @JsonProperty(value = "nonFinitePolicy", required = true) NonFinitePolicy nonFinitePolicy,
            @JsonProperty("weightDecay") WeightDecayConfig weightDecay,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty("cosineDiagnostic") boolean cosineDiagnostic) {
        this.perturbation = Checks.notNull("SamConfig", "perturbation", perturbation);
        this.secondPass = Checks.notNull("SamConfig", "secondPass", secondPass);
        this.stepAlgorithm = stepAlgorithm == null ? new TwoPassStepConfig() : stepAlgorithm;
        if (gradientTransforms != null && gradientTransforms.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("SamConfig: gradientTransforms must not contain null");
        }
        this.gradientTransforms = gradientTransforms == null ? List.of() : List.copyOf(gradientTransforms);
        checkTransformRequirements();
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
                null,
                BatchNormPolicy.KEEP_CLEAN_PASS,
                NonFinitePolicy.FAIL,
                null,
                false);
    }

    /**
     * SAM (Foret et al. 2021, Eq. 2): {@code ε = ρ·g/‖g‖}, every step.
     *
     * @param rho the radius ρ ≥ 0
     * @return the configuration
     */
    public static SamConfig sam(double rho) {
        return of(new NormalizedPerturbationConfig(rho));
    }

    /**
     * Unnormalized SAM (Andriushchenko &amp; Flammarion 2022, Eq. 3): {@code ε = ρ·g}, every step.
     *
     * @param rho the factor ρ ≥ 0
     * @return the configuration
     */
    public static SamConfig unnormalizedSam(double rho) {
        return of(new UnnormalizedPerturbationConfig(rho, false));
    }

    /**
     * Unnormalized SAM with ε projected onto the ρ-ball: {@code ε = ρ·g·min(1, 1/‖g‖)}.
     *
     * @param rho the factor and radius ρ ≥ 0
     * @return the configuration
     */
    public static SamConfig projectedUnnormalizedSam(double rho) {
        return of(new UnnormalizedPerturbationConfig(rho, true));
    }

    /**
     * SANER on SAM (Luong et al. 2024, Eq. 12–13) with the paper's warm-up of α over 50 epochs.
     *
     * @param rho SAM's radius ρ ≥ 0
     * @param alpha SANER's target α in [−1, 1]
     * @return the configuration
     */
    public static SamConfig saner(double rho, double alpha) {
        return sam(rho).withGradientTransforms(SanerConfig.paperDefaults(alpha));
    }

    /**
     * AE-SAM (Jiang et al. 2023, Algorithm 1) with λ₁ = −1, λ₂ = 1, δ = 0.9.
     *
     * @param rho SAM's radius ρ ≥ 0
     * @param totalIterations T, the planned number of iterations
     * @return the configuration
     */
    public static SamConfig aeSam(double rho, long totalIterations) {
        return sam(rho).withSecondPass(AeSamConfig.forIterations(totalIterations));
    }

    /**
     * Plain training through the same step (no second pass): the baseline for comparisons in which the
     * step also applies {@link WeightDecayConfig}.
     *
     * @return the configuration
     */
    public static SamConfig erm() {
        return sam(0.0).withSecondPass(new NoSecondPassConfig());
    }

    /**
     * @param value the ascent step
     * @return this configuration with {@code value} as its perturbation
     */
    public SamConfig withPerturbation(PerturbationConfig value) {
        return new SamConfig(
                value,
                secondPass,
                stepAlgorithm,
                gradientTransforms,
                batchNormPolicy,
                nonFinitePolicy,
                weightDecay,
                cosineDiagnostic);
    }

    /**
     * @param value when to take the second pass
     * @return this configuration with {@code value} as its second-pass schedule
     */
    public SamConfig withSecondPass(SecondPassConfig value) {
        return new SamConfig(
                perturbation,
                value,
                stepAlgorithm,
                gradientTransforms,
                batchNormPolicy,
                nonFinitePolicy,
                weightDecay,
                cosineDiagnostic);
    }

    /**
     * @param value how a two-pass step uses the batch
     * @return this configuration with {@code value} as its step algorithm
     */
    public SamConfig withStepAlgorithm(StepAlgorithmConfig value) {
        return new SamConfig(
                perturbation,
                secondPass,
                value,
                gradientTransforms,
                batchNormPolicy,
                nonFinitePolicy,
                weightDecay,
                cosineDiagnostic);
    }

    /**
     * @param value the transforms, applied in the given order (none or null: no transform)
     * @return this configuration with exactly that chain
     */
    public SamConfig withGradientTransforms(GradientTransformConfig... value) {
        return new SamConfig(
                perturbation,
                secondPass,
                stepAlgorithm,
                List.of(value),
                batchNormPolicy,
                nonFinitePolicy,
                weightDecay,
                cosineDiagnostic);
    }

    /**
     * @param value a transform
     * @return this configuration with {@code value} appended to its chain of transforms
     */
    public SamConfig plusGradientTransform(GradientTransformConfig value) {
        GradientTransformConfig[] chain = gradientTransforms.toArray(new GradientTransformConfig[0]);
        GradientTransformConfig[] longer = java.util.Arrays.copyOf(chain, chain.length + 1);
        longer[chain.length] = Checks.notNull("SamConfig", "gradient transform", value);
        return withGradientTransforms(longer);
    }

    /**
     * @param value which passes update BatchNorm running statistics
     * @return this configuration with that policy
     */
    public SamConfig withBatchNormPolicy(BatchNormPolicy value) {
        return new SamConfig(
                perturbation,
                secondPass,
                stepAlgorithm,
                gradientTransforms,
                value,
                nonFinitePolicy,
                weightDecay,
                cosineDiagnostic);
    }

    /**
     * @param value what a non-finite gradient does
     * @return this configuration with that policy
     */
    public SamConfig withNonFinitePolicy(NonFinitePolicy value) {
        return new SamConfig(
                perturbation,
                secondPass,
                stepAlgorithm,
                gradientTransforms,
                batchNormPolicy,
                value,
                weightDecay,
                cosineDiagnostic);
    }

    /**
     * @param value PyTorch-style weight decay applied by the step, or null for none
     * @return this configuration with that decay
     */
    public SamConfig withWeightDecay(WeightDecayConfig value) {
        return new SamConfig(
                perturbation,
                secondPass,
                stepAlgorithm,
                gradientTransforms,
                batchNormPolicy,
                nonFinitePolicy,
                value,
                cosineDiagnostic);
    }

    /**
     * @param value whether each step reports {@code cos(g, ĝ)} (one extra buffer for plain SAM)
     * @return this configuration with that diagnostic setting
     */
    public SamConfig withCosineDiagnostic(boolean value) {
        return new SamConfig(
                perturbation,
                secondPass,
                stepAlgorithm,
                gradientTransforms,
                batchNormPolicy,
                nonFinitePolicy,
                weightDecay,
                value);
    }

    /**
     * The one place where the transforms' declared requirements are checked against the configuration: a
     * one-pass transform needs the one-pass schedule, and a transform that keeps the weight backup until the
     * update (or defines the whole step) ends the chain.
     */
    private void checkTransformRequirements() {
        for (int i = 0; i < gradientTransforms.size(); i++) {
            GradientTransformConfig transform = gradientTransforms.get(i);
            TransformRequirements needs = transform.requirements();
            String name = transform.getClass().getSimpleName();
            if (needs.onePassOnly() && !(secondPass instanceof NoSecondPassConfig)) {
                throw new IllegalArgumentException("SamConfig: " + name
                        + " is a one-pass method (its gradient is DL4J's pass at the perturbed weights), but the "
                        + "second-pass schedule is " + secondPass
                        + ". Fix: start from SamConfig.erm() (NoSecondPassConfig), "
                        + "e.g. SamConfig.erm().withGradientTransforms(new MsamConfig(rho))");
            }
            boolean endsChain = needs.weightBackupUntilUpdate() || needs.onePassOnly();
            if (endsChain && i < gradientTransforms.size() - 1) {
                throw new IllegalArgumentException("SamConfig: " + name
                        + " must be the last gradient transform (it hands on a gradient the others cannot read, or "
                        + "moves the weights after the update). Fix: put "
                        + gradientTransforms.get(i + 1).getClass().getSimpleName() + " before it");
            }
        }
    }

    /** Whether any transform of the chain reads the model's epoch count. */
    boolean followsEpochCount() {
        return gradientTransforms.stream().anyMatch(t -> t.requirements().epochCount());
    }

    /** Whether any transform of the chain reads {@code g} on two-pass steps. */
    boolean keepsCleanGradient() {
        return gradientTransforms.stream().anyMatch(t -> t.requirements().cleanGradient());
    }

    /** @return this configuration as JSON (the format of the golden files) */
    public String toJson() {
        return SamJson.write(this);
    }

    /**
     * Parse {@link #toJson()} output; unknown properties and invalid values are rejected.
     *
     * @param json the JSON text
     * @return the configuration
     */
    public static SamConfig fromJson(String json) {
        return SamJson.read(json, SamConfig.class);
    }
}

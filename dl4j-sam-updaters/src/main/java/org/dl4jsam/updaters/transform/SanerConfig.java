package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.StrictJson;
import org.dl4jsam.updaters.spi.TransformRequirements;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * SANER (Luong et al. 2024, Eq. 12–13): re-weight the elements of the SAM gradient that SAM itself
 * down-weights, {@code g_SANER = (1 − α_t·m) ⊙ ĝ} with {@link SanerMask m}. α is warmed up
 * linearly, {@code α_t = α·min(1, k/K)} with {@code k} the 1-based epoch (or iteration) and
 * {@code K} the warm-up length (the paper: α = 0.5 over 50 epochs; K = 0 means no warm-up). α = 0 is
 * SAM exactly; α &lt; 0 increases memorization (the paper's Fig. 3). SANER post-processes any
 * two-pass variant; on steps without a second pass it does nothing unless {@link SanerOnePassSteps}
 * says otherwise. The {@link SanerGroup group} and the {@link ParameterScope scope} give the paper's
 * ablations (groups A, C, AB; last layer only). Each two-pass step reports
 * {@value #MASKED_FRACTION} (|S_dw|/d) and, in {@link SanerMode#DOWNWEIGHT} mode, {@value #ALPHA} (α_t).
 *
 * @param alpha target α in [−1, 1]
 * @param warmupLength K ≥ 0
 * @param warmupUnit whether K counts epochs or iterations
 * @param mode SANER proper or the SGD-D ablation
 * @param group the ratio group re-weighted ({@link SanerGroup#B}: SANER proper)
 * @param scope the parameters SANER applies to (all trainable ones, or e.g. the last layer only)
 * @param onePassSteps what happens on steps without a second pass
 */
public record SanerConfig(
        double alpha,
        int warmupLength,
        WarmupUnit warmupUnit,
        SanerMode mode,
        SanerGroup group,
        ParameterScope scope,
        SanerOnePassSteps onePassSteps)
        implements GradientTransformConfig, StrictJson {
    /** The paper's α. */
    public static final double DEFAULT_ALPHA = 0.5;
    /** The paper's warm-up length K in epochs. */
    public static final int DEFAULT_WARMUP_EPOCHS = 50;
    /** Diagnostic name of the fraction of trainable entries the mask selected. */
    public static final String MASKED_FRACTION = "saner.maskedFraction";
    /** Diagnostic name of the step's α_t. */
    public static final String ALPHA = "saner.alpha";

    /**
     * @param alpha target α in [−1, 1]
     * @param warmupLength K ≥ 0 (0: no warm-up)
     * @param warmupUnit whether K counts epochs or iterations
     * @param mode SANER proper or the SGD-D ablation
     * @param group the ratio group (null: B)
     * @param scope the parameters (null: all trainable)
     * @param onePassSteps the one-pass behaviour (null: unchanged)
     */
    @JsonCreator
    public SanerConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "alpha", required = true) double alpha,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "warmupLength", required = true) int warmupLength,
            @JsonProperty("warmupUnit") WarmupUnit warmupUnit,
            @JsonProperty("mode") SanerMode mode,
            @JsonProperty("group") SanerGroup group,
            @JsonProperty("scope") ParameterScope scope,
            @JsonProperty("onePassSteps") SanerOnePassSteps onePassSteps) {
        if (!(alpha >= -1.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("SANER: alpha = " + alpha
                    + " is invalid; it must be in [-1, 1] (1 − α is the weight of masked elements)");
        }
        if (warmupLength < 0) {
            throw new IllegalArgumentException(
                    "SANER: warmupLength = " + warmupLength + " is invalid; it must be ≥ 0 (0: no warm-up)");
        }
        this.alpha = alpha;
        this.warmupLength = warmupLength;
        this.warmupUnit = Checks.notNull("SANER", "warmupUnit", warmupUnit);
        this.mode = Checks.notNull("SANER", "mode", mode);
        this.group = group == null ? SanerGroup.B : group;
        this.scope = scope == null ? ParameterScope.allTrainable() : scope;
        this.onePassSteps = onePassSteps == null ? SanerOnePassSteps.UNCHANGED : onePassSteps;
        if (this.onePassSteps == SanerOnePassSteps.REUSE_LAST_MASK && mode != SanerMode.DOWNWEIGHT) {
            throw new IllegalArgumentException("SANER: onePassSteps = REUSE_LAST_MASK needs mode = DOWNWEIGHT "
                    + "(a one-pass step has no g to put back). Fix: use UNCHANGED with " + mode);
        }
    }

    /**
     * SANER proper on all trainable parameters (group B), one-pass steps unchanged.
     *
     * @param alpha target α in [−1, 1]
     * @param warmupLength K ≥ 0 (0: no warm-up)
     * @param warmupUnit whether K counts epochs or iterations
     * @param mode SANER proper or the SGD-D ablation
     */
    public SanerConfig(double alpha, int warmupLength, WarmupUnit warmupUnit, SanerMode mode) {
        this(alpha, warmupLength, warmupUnit, mode, null, null, null);
    }

    /**
     * @param group the ratio group to re-weight
     * @return this configuration for another group (the paper's ablations)
     */
    public SanerConfig withGroup(SanerGroup group) {
        return new SanerConfig(alpha, warmupLength, warmupUnit, mode, group, scope, onePassSteps);
    }

    /**
     * @param scope the parameters to apply to, e.g. {@link ParameterScope#lastLayer()}
     * @return this configuration on another scope
     */
    public SanerConfig withScope(ParameterScope scope) {
        return new SanerConfig(alpha, warmupLength, warmupUnit, mode, group, scope, onePassSteps);
    }

    /**
     * @param onePassSteps the behaviour on steps without a second pass
     * @return this configuration with that behaviour
     */
    public SanerConfig withOnePassSteps(SanerOnePassSteps onePassSteps) {
        return new SanerConfig(alpha, warmupLength, warmupUnit, mode, group, scope, onePassSteps);
    }

    /**
     * The paper's protocol: α warmed up over {@value #DEFAULT_WARMUP_EPOCHS} epochs.
     *
     * @param alpha target α
     * @return the configuration
     */
    public static SanerConfig paperDefaults(double alpha) {
        return new SanerConfig(alpha, DEFAULT_WARMUP_EPOCHS, WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT);
    }

    /**
     * {@code α_t}: the warm-up counts from 1 as the authors' code does, {@code α·min(1, (k+1)/K)} with
     * {@code k} the 0-based count, so the first epoch (or iteration) uses α/K and the K-th reaches α.
     *
     * @param iteration the model's 0-based iteration count
     * @param epoch the model's 0-based epoch count
     * @return α at that point
     */
    public double alphaAt(int iteration, int epoch) {
        if (warmupLength == 0) {
            return alpha;
        }
        int clock = warmupUnit == WarmupUnit.EPOCH ? epoch : iteration;
        return alpha * Math.min(1.0, (clock + 1.0) / warmupLength);
    }

    @Override
    public TransformRequirements requirements() {
        TransformRequirements needs = TransformRequirements.readsCleanGradient();
        return warmupUnit == WarmupUnit.EPOCH && warmupLength > 0 ? needs.withEpochCount() : needs;
    }

    @Override
    public GradientTransformRule newRule() {
        return new SanerRule(this);
    }
}

package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.dl4jsam.updaters.spi.TransformRequirements;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * WSAM, weighted sharpness as a regularizer (Yue et al., KDD 2023, "Sharpness-Aware Minimization
 * Revisited: Weighted Sharpness as a Regularization Term", Eq. 4 and Algorithm 1): the loss
 * {@code L(w) + α·(L(w+ε) − L(w))} with {@code α = γ/(1−γ)} (γ = 0.5 is SAM). Coupled, the base
 * updater gets {@code g + α·(ĝ − g)}. Decoupled (the authors' default), the base updater gets {@code g}
 * and, once it has applied the step, the weights move by {@code −lr·α·(ĝ − g)}, like decoupled weight
 * decay, each parameter with its own layer's learning rate (the authors' parameter groups); the sharpness
 * term waits in the borrowed weight backup, so no extra buffer is needed. Decoupled WSAM needs a base updater
 * with a learning rate (not AdaDelta).
 * Decoupled WSAM must be the chain's last transform (after it the gradient is {@code g}). On one-pass
 * steps the gradient goes on unchanged. The official code also clips gradients to norm 1 by default;
 * this transform does not.
 *
 * @param gamma γ in [0, 1) (0.88 the authors' default)
 * @param decoupled whether the sharpness term bypasses the base updater (the authors' default)
 */
public record WsamConfig(double gamma, boolean decoupled) implements GradientTransformConfig, StrictJson {
    /** The authors' default γ. */
    public static final double DEFAULT_GAMMA = 0.88;

    /**
     * @param gamma γ in [0, 1)
     * @param decoupled whether the sharpness term bypasses the base updater
     */
    @JsonCreator
    public WsamConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "gamma", required = true) double gamma,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "decoupled", required = true) boolean decoupled) {
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("WSAM: gamma = " + gamma
                    + " is invalid; it must be in [0, 1) (α = γ/(1−γ) weighs the sharpness; 0.5 is SAM)");
        }
        this.gamma = gamma;
        this.decoupled = decoupled;
    }

    /** @return α = γ/(1−γ), the weight of the sharpness term */
    public double sharpnessWeight() {
        return gamma / (1 - gamma);
    }

    @Override
    public GradientTransformRule newRule() {
        return new WsamRule(sharpnessWeight(), decoupled);
    }

    @Override
    public TransformRequirements requirements() {
        TransformRequirements needs = TransformRequirements.readsCleanGradient();
        return decoupled ? needs.withWeightBackupUntilUpdate().withLearningRates() : needs;
    }
}

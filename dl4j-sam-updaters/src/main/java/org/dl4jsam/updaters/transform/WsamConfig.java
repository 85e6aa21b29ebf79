package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.StepContext;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * WSAM, weighted sharpness as a regularizer (Yue et al., KDD 2023, "Sharpness-Aware Minimization
 * Revisited: Weighted Sharpness as a Regularization Term", Eq. 4 and Algorithm 1): the loss
 * {@code L(w) + α·(L(w+ε) − L(w))} with {@code α = γ/(1−γ)} (γ = 0.5 is SAM). Coupled, the base
 * updater gets {@code g + α·(ĝ − g)}. Decoupled (the authors' default), the base updater gets {@code g}
 * and, once it has applied the step, the weights move by {@code −lr·α·(ĝ − g)}, like decoupled weight
 * decay; the sharpness term waits in the weight backup (scratch 0), so no extra buffer is needed.
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
            @JsonProperty(value = "gamma", required = true) double gamma,
            @JsonProperty(value = "decoupled", required = true) boolean decoupled) {
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
        double alpha = sharpnessWeight();
        return new GradientTransformRule() {
            private boolean pending;

            @Override
            public void apply(StepContext context) {
                pending = false;
                if (!context.tookSecondPass()) {
                    return;
                }
                INDArray gradient = context.gradient();
                INDArray clean = context.cleanGradient();
                if (!decoupled) {
                    gradient.muli(alpha); //                          α·ĝ
                    Blas.axpy(1 - alpha, clean, gradient); //         + (1−α)·g = g + α(ĝ − g)
                    return;
                }
                context.scratch(0).assign(gradient).subi(clean); //   s = ĝ − g (batch-sum scale)
                gradient.assign(clean); //                            the base updater gets g
                pending = true;
            }

            @Override
            public void afterUpdate(StepContext context) {
                if (pending) {
                    pending = false;
                    double step = context.learningRate() * alpha / context.gradientScale();
                    Blas.axpy(-step, context.scratch(0), context.params()); // w −= lr·α·(ĝ − g)
                }
            }
        };
    }

    @Override
    public boolean mustBeLast() {
        return decoupled;
    }

    @Override
    public boolean needsCleanGradient() {
        return true;
    }
}

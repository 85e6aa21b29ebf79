package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * GSAM's gradient decomposition (Zhuang et al., ICLR 2022, Algorithm 1): hand on
 * {@code ĝ − α·g⊥} with {@code g⊥ = g − (g·ĝ/‖ĝ‖²)·ĝ}, the component of {@code g} orthogonal to
 * {@code ĝ} (descending on the surrogate gap). Does nothing on one-pass steps. Reports
 * {@value #COSINE} ({@code cos(g, ĝ)}). Place it before SANER in a chain to apply SANER to GSAM's
 * gradient.
 *
 * @param alpha α ≥ 0 (tuned per task in the paper; 0.4 in an unofficial CIFAR demo, 0.6 in Google's big_vision,
 *     0.01 in SANER's code)
 */
public record GsamConfig(double alpha) implements GradientTransformConfig, StrictJson {
    /** The presets' α: an unofficial CIFAR demo's value (the paper gives none for CIFAR). */
    public static final double DEFAULT_ALPHA = 0.4;
    /** Diagnostic name of {@code cos(g, ĝ)}. */
    public static final String COSINE = "gsam.cosine";

    /** @param alpha α ≥ 0 */
    @JsonCreator
    public GsamConfig(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "alpha", required = true) double alpha) {
        this.alpha = org.dl4jsam.updaters.spi.Checks.finiteAtLeast("GSAM", "alpha", alpha, 0.0);
    }

    @Override
    public GradientTransformRule newRule() {
        return context -> {
            if (!context.tookSecondPass()) {
                return;
            }
            INDArray clean = context.cleanGradient();
            INDArray perturbed = context.gradient();
            double dot = Blas.dot(clean, perturbed);
            double perturbedSquared = Blas.dot(perturbed, perturbed);
            double cleanSquared = Blas.dot(clean, clean);
            context.report(COSINE, dot / Math.sqrt(perturbedSquared * cleanSquared));
            if (perturbedSquared == 0) {
                return;
            }
            // ĝ − α·g⊥ with g⊥ = (g − ĝ) + (1 − c)·ĝ, c = g·ĝ/‖ĝ‖²: at ρ = 0 both terms are exactly 0
            INDArray difference = context.borrowWeightBackup();
            clean.sub(perturbed, difference); //                  g − ĝ (g itself untouched)
            perturbed.muli(1 - alpha * (1 - dot / perturbedSquared));
            Blas.axpy(-alpha, difference, perturbed);
        };
    }
}

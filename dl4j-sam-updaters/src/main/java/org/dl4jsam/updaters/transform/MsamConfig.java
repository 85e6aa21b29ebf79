package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.dl4jsam.updaters.spi.TransformRequirements;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * MSAM, Momentum-SAM (Becker et al. 2024, "Momentum-SAM: Sharpness Aware Minimization without
 * Computational Overhead", arXiv:2401.12033, Algorithm 1): one pass per step. Between steps the
 * network holds {@code w̃ = w + ρ·Δ/‖Δ‖}, where Δ is the last update the base updater applied; for
 * SGD with momentum Δ = −lr·v, so this is the official {@code w − ρ·v/‖v‖}; for other base updaters the
 * ascent along their last update is this library's generalization (the authors' AdamW-MSAM ascends along m). DL4J's pass at w̃ gives
 * the sharpness-aware gradient; the step moves back to w, hands that gradient to the base updater
 * (weight decay, if any, taken at w), and after the update moves to the new w̃. The first step is
 * plain training (Δ = 0). Evaluation sees w, as the official code's {@code move_back_from_momentumAscent}
 * before every evaluation: the network moves back to w when an epoch ends and when
 * {@code SharpnessAware.writeModel} saves it (the file holds w), and to w̃ again when the next epoch starts
 * (and when {@code SharpnessAware.restore…} loads it); a step that begins while the network is at w
 * ({@code fit(DataSet)} right after an epoch ended) moves it to w̃ and repeats its first pass there. The move back restores the exact w of the last update
 * (the official code subtracts the ascent again, equal up to rounding); BatchNorm running statistics are not
 * re-estimated at w. Inside an epoch, {@code output()} and an evaluation listener see w̃. Δ and w are array
 * state (two parameter-sized entries per parameter), saved with the model. Use it with
 * {@code NoSecondPassConfig}; it must be the last transform.
 *
 * @param rho the radius ρ ≥ 0 (the authors use ρ = 3 on CIFAR-100 with WRN-16-4, 0.3 by default)
 */
public record MsamConfig(double rho) implements GradientTransformConfig, StrictJson {
    /** @param rho the radius ρ ≥ 0 */
    @JsonCreator
    public MsamConfig(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rho", required = true) double rho) {
        this.rho = Checks.finiteAtLeast("MSAM", "rho", rho, 0.0);
    }

    @Override
    public GradientTransformRule newRule() {
        return new MsamRule(rho);
    }

    @Override
    public TransformRequirements requirements() {
        return TransformRequirements.none().withOnePassOnly();
    }
}

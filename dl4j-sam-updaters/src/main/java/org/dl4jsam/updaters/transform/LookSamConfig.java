package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * LookSAM's reuse of the SAM direction (Liu et al., CVPR 2022, "Towards Efficient and Scalable
 * Sharpness-Aware Minimization", Algorithm 1). On a two-pass step it stores
 * {@code g_v = ĝ − (ĝ·g/‖g‖²)·g}, the part of {@code ĝ} orthogonal to {@code g}, and hands on
 * {@code ĝ}; on a one-pass step it hands on {@code g + a·(‖g‖/‖g_v‖)·g_v} — once, not added to a
 * gradient that already holds it (the ports' double-gradient bug). {@code g_v} is array state, saved
 * with the model. Before the first two-pass step, and when {@code g_v} is rounding noise
 * ({@code ‖g_v‖ ≤ 1e-9·‖ĝ‖}, e.g. at ρ = 0), a one-pass step hands on {@code g}. Pair it with
 * {@code EveryKStepsConfig} (LookSAM) or AE-SAM's schedule (AE-LookSAM).
 *
 * @param a the reuse weight a ≥ 0 (0.7 in the paper)
 */
public record LookSamConfig(double a) implements GradientTransformConfig, StrictJson {
    /** The paper's a. */
    public static final double DEFAULT_A = 0.7;
    /** A stored {@code g_v} shorter than this fraction of {@code ‖ĝ‖} is rounding noise and is dropped. */
    public static final double NEGLIGIBLE = 1e-9;

    /** @param a the reuse weight a ≥ 0 */
    @JsonCreator
    public LookSamConfig(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "a", required = true) double a) {
        this.a = Checks.finiteAtLeast("LookSAM", "a", a, 0.0);
    }

    @Override
    public GradientTransformRule newRule() {
        return new LookSamRule(a);
    }
}

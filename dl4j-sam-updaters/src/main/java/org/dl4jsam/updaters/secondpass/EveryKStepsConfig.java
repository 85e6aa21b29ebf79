package org.dl4jsam.updaters.secondpass;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * LookSAM's schedule (Liu et al., CVPR 2022, "Towards Efficient and Scalable Sharpness-Aware
 * Minimization", Algorithm 1): the SAM pass on iterations {@code t ≡ 0 (mod k)}, one pass otherwise
 * (pair it with {@code LookSamConfig}, which reuses the stored direction on the other steps).
 *
 * @param k the period ≥ 1 (5 in the paper, 2 under label noise)
 */
public record EveryKStepsConfig(int k) implements SecondPassConfig, StrictJson {

    /** @param k the period ≥ 1 */
    @JsonCreator
    public EveryKStepsConfig(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "k", required = true) int k) {
        this.k = (int) Checks.positive("LookSAM schedule", "k", k);
    }

    @Override
    public SecondPassRule newRule() {
        return context -> context.iteration() % k == 0;
    }
}

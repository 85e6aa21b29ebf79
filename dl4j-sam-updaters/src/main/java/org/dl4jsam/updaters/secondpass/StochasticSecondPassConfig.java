package org.dl4jsam.updaters.secondpass;

import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.SeededUniform;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * SS-SAM (Zhao et al. 2022, "SS-SAM: Stochastic Scheduled Sharpness-Aware Minimization"):
 * each step takes the SAM pass with probability p, else it is plain ERM. The draw is a pure function of
 * {@code (seed, iteration)} (SplitMix64), so a restored model makes the same decisions without any saved
 * state and the schedule does not depend on threads or data order.
 *
 * @param probability p in [0, 1] (0.5 in the paper)
 * @param seed the schedule's seed
 */
public record StochasticSecondPassConfig(double probability, long seed) implements SecondPassConfig, StrictJson {
    /** The paper's p. */
    public static final double DEFAULT_PROBABILITY = 0.5;

    /**
     * @param probability p in [0, 1]
     * @param seed the schedule's seed
     */
    @JsonCreator
    public StochasticSecondPassConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "probability", required = true) double probability,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "seed", required = true) long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(
                    "SS-SAM: probability = " + probability + " is invalid; it must be in [0, 1]");
        }
        this.probability = probability;
        this.seed = seed;
    }

    /**
     * @param iteration the model's iteration count
     * @return whether the step at that iteration takes the SAM pass
     */
    public boolean takesSecondPass(long iteration) {
        return SeededUniform.of(seed, iteration) < probability;
    }

    @Override
    public SecondPassRule newRule() {
        return context -> takesSecondPass(context.iteration());
    }
}

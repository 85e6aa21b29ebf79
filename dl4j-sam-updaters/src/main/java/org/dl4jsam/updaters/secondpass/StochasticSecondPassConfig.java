package org.dl4jsam.updaters.secondpass;

import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

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
            @JsonProperty(value = "probability", required = true) double probability,
            @JsonProperty(value = "seed", required = true) long seed) {
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
        return uniform(seed, iteration) < probability;
    }

    /** A uniform draw in [0, 1) from SplitMix64's finalizer of {@code (seed, iteration)}. */
    static double uniform(long seed, long iteration) {
        long z = mix(seed + 0x9E3779B97F4A7C15L);
        z = mix(z + 0x9E3779B97F4A7C15L * (iteration + 1));
        return (z >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public SecondPassRule newRule() {
        return context -> takesSecondPass(context.iteration());
    }
}

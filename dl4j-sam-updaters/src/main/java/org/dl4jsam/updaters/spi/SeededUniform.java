package org.dl4jsam.updaters.spi;

/**
 * Stateless seeded uniforms for schedules that must survive a restart without stored random state
 * (SS-SAM's coin, ESAM's tensor draw): {@code of(seed, keys…)} is a SplitMix64 hash of the seed and the
 * keys (e.g. the iteration and a tensor index), mapped to [0, 1). The same arguments give the same value
 * in every run, on every machine.
 */
public final class SeededUniform {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SeededUniform() {}

    /**
     * @param seed the schedule's seed
     * @param keys what the draw is for (each key ≥ 0: iteration, tensor index, …)
     * @return a uniform value in [0, 1)
     */
    public static double of(long seed, long... keys) {
        long z = mix(seed + GOLDEN);
        for (long key : keys) {
            z = mix(z + GOLDEN * (key + 1));
        }
        return (z >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

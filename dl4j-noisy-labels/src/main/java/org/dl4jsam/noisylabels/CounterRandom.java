package org.dl4jsam.noisylabels;

/**
 * A counter-based random generator: every draw is a pure function of {@code (seed, stream, index,
 * counter)} through SplitMix64's finalizer (Steele, Lea &amp; Flood 2014), so label noise does not
 * depend on batch order, shuffling or partitioning (docs/data-and-zoo.md, "Label noise conventions").
 */
public final class CounterRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private CounterRandom() {}

    /** SplitMix64's output function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * 64 random bits for the given coordinates.
     *
     * @param seed the run's seed
     * @param stream the random stream ({@link NoiseStreams})
     * @param index the example index
     * @param counter the draw number for that example
     * @return the bits
     */
    public static long bits(long seed, long stream, long index, long counter) {
        long z = mix(seed + GOLDEN * (stream + 1));
        z = mix(z + GOLDEN * (index + 1));
        return mix(z + GOLDEN * (counter + 1));
    }

    /**
     * Uniform in [0, 1) with 53 random bits.
     *
     * @param seed the run's seed
     * @param stream the random stream ({@link NoiseStreams})
     * @param index the example index
     * @param counter the draw number for that example
     * @return the draw
     */
    public static double uniform(long seed, long stream, long index, long counter) {
        return (bits(seed, stream, index, counter) >>> 11) * 0x1.0p-53;
    }

    /**
     * Uniform integer in [0, bound).
     *
     * @param bound the exclusive upper bound ≥ 1
     * @param seed the run's seed
     * @param stream the random stream ({@link NoiseStreams})
     * @param index the example index
     * @param counter the draw number for that example
     * @return the draw
     */
    public static int below(int bound, long seed, long stream, long index, long counter) {
        return (int) Math.floor(uniform(seed, stream, index, counter) * bound);
    }

    /**
     * Standard normal by Box–Muller from the uniforms at counters {@code 2c} and {@code 2c+1}.
     *
     * @param seed the run's seed
     * @param stream the random stream ({@link NoiseStreams})
     * @param index the example index
     * @param counter the draw number for that example
     * @return the draw
     */
    public static double gaussian(long seed, long stream, long index, long counter) {
        double u1 = 1.0 - uniform(seed, stream, index, 2 * counter); // (0, 1]
        double u2 = uniform(seed, stream, index, 2 * counter + 1);
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}

package org.dl4jsam.noisylabels;

import java.util.Arrays;

/**
 * How the examples whose label is corrupted are chosen: exactly {@code ⌊γN⌋} of them (the
 * Andriushchenko / SANER protocol), or each independently with probability γ (Co-teaching style).
 * Both are pure functions of (seed, example index, N).
 */
public enum Selection {
    /** Exactly ⌊γN⌋ examples, chosen uniformly (the Andriushchenko / SANER protocol). */
    EXACT_FRACTION,
    /** Each example independently with probability γ (Co-teaching style). */
    BERNOULLI;

    /**
     * @param rate γ
     * @param seed the seed
     * @param n the number of examples
     * @return per example, whether it is selected
     */
    public boolean[] select(double rate, long seed, int n) {
        boolean[] selected = new boolean[n];
        if (this == BERNOULLI) {
            for (int i = 0; i < n; i++) {
                selected[i] = CounterRandom.uniform(seed, NoiseStreams.SELECTION, i, 0) < rate;
            }
            return selected;
        }
        int count = (int) Math.floor(rate * n);
        if (count == 0) {
            return selected;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = CounterRandom.bits(seed, NoiseStreams.SELECTION, i, 0) >>> 1; // non-negative
        }
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        long threshold = sorted[count - 1];
        int below = 0;
        for (int i = 0; i < n; i++) {
            if (keys[i] < threshold) {
                selected[i] = true;
                below++;
            }
        }
        for (int i = 0; i < n && below < count; i++) { // ties at the threshold, by index
            if (keys[i] == threshold) {
                selected[i] = true;
                below++;
            }
        }
        return selected;
    }
}

package org.dl4jsam.noisylabels.datasets;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.dl4jsam.noisylabels.CounterRandom;
import org.dl4jsam.noisylabels.NoiseStreams;

/**
 * Subsets of example indices, returned in canonical (ascending) order: the first n, a seeded
 * class-stratified sample, and the noisy validation split (docs/data-and-zoo.md: 10% of the
 * <em>noisy</em> training set, labels stay noisy, never the test set). All are pure functions of
 * (seed, index).
 */
public final class Subsets {
    /** The papers' noisy validation split: 10% of the noisy training set. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

    private Subsets() {}

    /**
     * {@link #validationSplit(int[], double, long)} with {@value #DEFAULT_VALIDATION_FRACTION}.
     *
     * @param indices the training examples
     * @param seed the seed
     * @return the split
     */
    public static Split validationSplit(int[] indices, long seed) {
        return validationSplit(indices, DEFAULT_VALIDATION_FRACTION, seed);
    }

    /**
     * @param n the subset size, 1 … size
     * @param size the number of examples
     * @return indices 0 … n−1
     */
    public static int[] firstN(int n, int size) {
        if (n < 1 || n > size) {
            throw new IllegalArgumentException(
                    "subset size " + n + " is invalid for " + size + " examples; use 1 … " + size);
        }
        return IntStream.range(0, n).toArray();
    }

    /**
     * n indices drawn per class in proportion to the class sizes (largest remainder), the chosen
     * examples of each class being those with the smallest seeded keys.
     *
     * @param labels the (clean) labels
     * @param numClasses C
     * @param n the subset size
     * @param seed the seed
     * @return the chosen indices, ascending
     */
    public static int[] stratified(int[] labels, int numClasses, int n, long seed) {
        if (n < 1 || n > labels.length) {
            throw new IllegalArgumentException(
                    "subset size " + n + " is invalid for " + labels.length + " examples; use 1 … " + labels.length);
        }
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        int[] quota = new int[numClasses];
        double[] remainder = new double[numClasses];
        int assigned = 0;
        for (int c = 0; c < numClasses; c++) {
            double exact = (double) n * counts[c] / labels.length;
            quota[c] = (int) Math.floor(exact);
            remainder[c] = exact - quota[c];
            assigned += quota[c];
        }
        Integer[] byRemainder = IntStream.range(0, numClasses).boxed().toArray(Integer[]::new);
        Arrays.sort(
                byRemainder,
                (a, b) -> Double.compare(remainder[b], remainder[a]) != 0
                        ? Double.compare(remainder[b], remainder[a])
                        : Integer.compare(a, b));
        for (int k = 0; assigned < n; k++, assigned++) {
            quota[byRemainder[k % numClasses]]++;
        }
        boolean[] chosen = new boolean[labels.length];
        for (int c = 0; c < numClasses; c++) {
            int cls = c;
            int[] members = IntStream.range(0, labels.length)
                    .filter(i -> labels[i] == cls)
                    .toArray();
            long[] keys = keys(members, seed, NoiseStreams.SUBSET);
            for (int k = 0; k < quota[c]; k++) {
                chosen[members[(int) keys[k]]] = true;
            }
        }
        return IntStream.range(0, labels.length).filter(i -> chosen[i]).toArray();
    }

    /**
     * Split indices into training and noisy-validation parts: {@code ⌊fraction·n⌋} examples chosen
     * by seeded keys go to validation.
     *
     * @param indices the training examples
     * @param fraction the validation fraction in [0, 1)
     * @param seed the seed
     * @return the split, each part ascending
     */
    public static Split validationSplit(int[] indices, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction " + fraction + " is invalid; it must be in [0, 1)");
        }
        int count = (int) Math.floor(fraction * indices.length);
        long[] keys = keys(indices, seed, NoiseStreams.SPLIT);
        boolean[] validation = new boolean[indices.length];
        for (int k = 0; k < count; k++) {
            validation[(int) keys[k]] = true;
        }
        int[] train = IntStream.range(0, indices.length)
                .filter(k -> !validation[k])
                .map(k -> indices[k])
                .toArray();
        int[] held = IntStream.range(0, indices.length)
                .filter(k -> validation[k])
                .map(k -> indices[k])
                .toArray();
        return new Split(train, held);
    }

    /** Positions into {@code members}, ordered by the seeded key of the member's example index. */
    private static long[] keys(int[] members, long seed, long stream) {
        long[][] pairs = new long[members.length][];
        for (int k = 0; k < members.length; k++) {
            pairs[k] = new long[] {CounterRandom.bits(seed, stream, members[k], 0), k};
        }
        Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long[] order = new long[members.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = pairs[k][1];
        }
        return order;
    }

    /**
     * A training / noisy-validation split of example indices, each ascending.
     *
     * @param train indices to train on
     * @param validation indices held out for model selection (labels stay noisy)
     */
    public record Split(int[] train, int[] validation) {}
}

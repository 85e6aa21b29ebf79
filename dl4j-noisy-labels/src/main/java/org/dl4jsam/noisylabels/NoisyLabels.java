package org.dl4jsam.noisylabels;

/**
 * The outcome of label noise: for every example index its noisy label, its clean label and whether
 * they differ ("noisy" means {@code ỹ ≠ y}, so an inclusive draw that kept the label is clean).
 *
 * @param noisy the labels to train on
 * @param clean the true labels, kept for measurement
 * @param numClasses C
 */
public record NoisyLabels(int[] noisy, int[] clean, int numClasses) {
    /**
     * Validates the components.
     *
     * @param noisy the labels to train on
     * @param clean the true labels, kept for measurement
     * @param numClasses C
     */
    public NoisyLabels {
        if (noisy.length != clean.length) {
            throw new IllegalArgumentException("NoisyLabels: " + noisy.length + " noisy labels for " + clean.length
                    + " clean labels; the label file must have one label per example");
        }
        for (int i = 0; i < noisy.length; i++) {
            if (noisy[i] < 0 || noisy[i] >= numClasses) {
                throw new IllegalArgumentException("NoisyLabels: noisy label " + noisy[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
    }

    /**
     * The identity: no example is noisy.
     *
     * @param clean the labels
     * @param numClasses C
     * @return labels equal to their clean ones
     */
    public static NoisyLabels clean(int[] clean, int numClasses) {
        return new NoisyLabels(clean.clone(), clean, numClasses);
    }

    /** @return the number of examples */
    public int size() {
        return clean.length;
    }

    /**
     * @param index an example index
     * @return whether its label differs from the clean one
     */
    public boolean isNoisy(int index) {
        return noisy[index] != clean[index];
    }

    /** @return per example, whether its label differs from the clean one */
    public boolean[] isNoisy() {
        boolean[] flags = new boolean[noisy.length];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = noisy[i] != clean[i];
        }
        return flags;
    }

    /**
     * @param indices example indices, e.g. a batch's {@code NoisyLabelIterator.exampleIndices(batch)}
     * @return for each, whether its label differs from the clean one (the flags SANER's alignment
     *     diagnostic needs)
     * @throws IllegalArgumentException naming the first index outside the label set
     */
    public boolean[] isNoisy(int[] indices) {
        boolean[] flags = new boolean[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= noisy.length) {
                throw new IllegalArgumentException("example index " + indices[i] + " is outside these " + noisy.length
                        + " labels: the batch comes from another dataset or subset");
            }
            flags[i] = isNoisy(indices[i]);
        }
        return flags;
    }

    /** @return the number of examples whose label differs from the clean one */
    public int noisyCount() {
        int count = 0;
        for (int i = 0; i < noisy.length; i++) {
            count += noisy[i] != clean[i] ? 1 : 0;
        }
        return count;
    }

    /** @return fraction of examples whose label differs from the clean one */
    public double realisedRate() {
        return (double) noisyCount() / noisy.length;
    }

    /** @return {@code counts[y][ỹ]}: how many examples of clean class y carry noisy label ỹ */
    public long[][] transitionCounts() {
        long[][] counts = new long[numClasses][numClasses];
        for (int i = 0; i < noisy.length; i++) {
            counts[clean[i]][noisy[i]]++;
        }
        return counts;
    }
}

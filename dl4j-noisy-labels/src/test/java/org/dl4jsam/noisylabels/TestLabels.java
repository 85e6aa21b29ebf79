package org.dl4jsam.noisylabels;

/** Label arrays for tests. */
public final class TestLabels {
    private TestLabels() {}

    /** {@code n} labels cycling through {@code classes} classes: 0, 1, …, classes−1, 0, … */
    public static int[] balanced(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }
}

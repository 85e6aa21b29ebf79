package org.dl4jsam.experiments.issues;

import org.dl4jsam.experiments.compare.NoiseArgument;
import org.dl4jsam.experiments.compare.RunInputs;

/**
 * Which training labels are known to be wrong, where that is known: every example under injected noise (or
 * CIFAR-N's human labels against the clean ones), else the hand-checked examples of {@code --trusted-labels}.
 *
 * @param rows the examples whose truth is known
 * @param wrong whether each of them has a wrong training label
 * @param source what the truth is, for the report
 */
record Truth(int[] rows, boolean[] wrong, String source) {
    /** @return how many of the known labels are wrong */
    int wrongCount() {
        int count = 0;
        for (boolean w : wrong) {
            count += w ? 1 : 0;
        }
        return count;
    }

    /**
     * @param noise the labels trained on and their clean originals
     * @param inputs the data, with any trusted labels
     * @return the truth, or null when none is known
     */
    static Truth of(NoiseArgument.Outcome noise, RunInputs inputs) {
        boolean injected = noise.manifest().noisyCount() > 0;
        if (injected) {
            int n = noise.labels().size();
            int[] rows = java.util.stream.IntStream.range(0, n).toArray();
            boolean[] wrong = new boolean[n];
            for (int i = 0; i < n; i++) {
                wrong[i] = noise.labels().isNoisy(i);
            }
            return new Truth(rows, wrong, "the " + noise.manifest().noisyCount() + " changed labels");
        }
        if (inputs.trusted() != null && inputs.trusted().train().length > 0) {
            int[] rows = inputs.trusted().train();
            boolean[] wrong = new boolean[rows.length];
            int[] given = noise.labels().noisy();
            for (int k = 0; k < rows.length; k++) {
                wrong[k] = given[rows[k]] != inputs.trusted().trainLabels()[k];
            }
            return new Truth(rows, wrong, "the " + rows.length + " hand-checked training examples");
        }
        return null;
    }
}

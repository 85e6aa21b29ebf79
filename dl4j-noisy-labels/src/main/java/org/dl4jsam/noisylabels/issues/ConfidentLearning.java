package org.dl4jsam.noisylabels.issues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Confident learning (Northcutt, Jiang and Chuang 2021, "Confident learning: estimating uncertainty in dataset
 * labels", JAIR 70) on out-of-sample predicted probabilities: per-class thresholds (eq. 2), the confident joint
 * (eq. 1), its calibration to the joint distribution of given and true labels (eq. 3), and prune by noise rate:
 * for every off-diagonal cell (i, j), the {@code round(n·Q[i][j])} examples labelled i with the largest margin
 * {@code p_j − p_i} are flagged.
 *
 * @param thresholds {@code t_j}: the mean predicted probability of class j over the examples labelled j (NaN when
 *     no example is labelled j)
 * @param confidentJoint {@code C[i][j]}: examples labelled i confidently in class j
 * @param joint {@code Q[i][j]}: the calibrated joint distribution of given label i and true label j
 * @param flagged whether each example is flagged as a label issue
 * @param selfConfidence one minus the predicted probability of each example's given label (higher: more suspect)
 */
public record ConfidentLearning(
        double[] thresholds, long[][] confidentJoint, double[][] joint, boolean[] flagged, double[] selfConfidence) {

    /**
     * @param probabilities {@code [N][C]} out-of-sample predicted probabilities (e.g. from K-fold cross-validation)
     * @param labels the N given labels
     * @return the analysis
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    public static ConfidentLearning of(double[][] probabilities, int[] labels) {
        int n = labels.length;
        if (probabilities.length != n || n == 0) {
            throw new IllegalArgumentException(
                    "confident learning: " + probabilities.length + " probability rows for " + n + " labels");
        }
        int classes = probabilities[0].length;
        long[] perClass = new long[classes];
        double[] sums = new double[classes];
        for (int x = 0; x < n; x++) {
            if (probabilities[x].length != classes) {
                throw new IllegalArgumentException("confident learning: row " + x + " has " + probabilities[x].length
                        + " probabilities, row 0 " + classes);
            }
            if (labels[x] < 0 || labels[x] >= classes) {
                throw new IllegalArgumentException("confident learning: label " + labels[x] + " of example " + x
                        + " is outside [0, " + classes + ")");
            }
            perClass[labels[x]]++;
            sums[labels[x]] += probabilities[x][labels[x]];
        }
        double[] thresholds = new double[classes];
        for (int j = 0; j < classes; j++) {
            thresholds[j] = perClass[j] == 0 ? Double.NaN : sums[j] / perClass[j]; // eq. 2
        }
        long[][] confident = new long[classes][classes];
        for (int x = 0; x < n; x++) {
            int best = -1; // eq. 1: the most probable of the classes above their threshold
            for (int j = 0; j < classes; j++) {
                if (probabilities[x][j] >= thresholds[j]
                        && (best < 0 || probabilities[x][j] > probabilities[x][best])) {
                    best = j;
                }
            }
            if (best >= 0) {
                confident[labels[x]][best]++;
            }
        }
        double[][] joint = new double[classes][classes];
        double total = 0;
        for (int i = 0; i < classes; i++) {
            long row = 0;
            for (long c : confident[i]) {
                row += c;
            }
            for (int j = 0; j < classes; j++) {
                joint[i][j] = row == 0 ? 0 : (double) confident[i][j] / row * perClass[i]; // eq. 3, numerator
                total += joint[i][j];
            }
        }
        for (double[] row : joint) {
            for (int j = 0; j < classes; j++) {
                row[j] = total == 0 ? 0 : row[j] / total;
            }
        }
        boolean[] flagged = new boolean[n];
        for (int i = 0; i < classes; i++) {
            List<Integer> labelledI = new ArrayList<>();
            for (int x = 0; x < n; x++) {
                if (labels[x] == i) {
                    labelledI.add(x);
                }
            }
            for (int j = 0; j < classes; j++) {
                if (j == i) {
                    continue;
                }
                long prune = Math.round(n * joint[i][j]);
                int fromI = i;
                int toJ = j;
                labelledI.stream()
                        .sorted(Comparator.<Integer>comparingDouble(
                                        x -> -(probabilities[x][toJ] - probabilities[x][fromI]))
                                .thenComparingInt(x -> x))
                        .limit(prune)
                        .forEach(x -> flagged[x] = true);
            }
        }
        double[] selfConfidence = new double[n];
        for (int x = 0; x < n; x++) {
            selfConfidence[x] = 1 - probabilities[x][labels[x]];
        }
        return new ConfidentLearning(thresholds, confident, joint, flagged, selfConfidence);
    }

    /** @return how many examples are flagged */
    public int flaggedCount() {
        int count = 0;
        for (boolean f : flagged) {
            count += f ? 1 : 0;
        }
        return count;
    }
}

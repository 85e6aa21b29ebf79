package org.dl4jsam.noisylabels.issues;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well a score finds the wrong labels when the truth is known: AUROC (the probability that a wrong label
 * scores above a right one, ties counting one half — the Mann–Whitney statistic), and precision and recall among
 * the k highest scores.
 */
public final class DetectionMetrics {
    private DetectionMetrics() {}

    /**
     * @param scores one score per example (higher: more suspect)
     * @param wrong whether each example's label is wrong
     * @return AUROC in [0, 1]
     * @throws IllegalArgumentException if the arrays differ in length, a score is NaN, or either class is empty
     */
    public static double auroc(double[] scores, boolean[] wrong) {
        check(scores, wrong);
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        long positives = 0;
        for (boolean w : wrong) {
            positives += w ? 1 : 0;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException(
                    "AUROC needs both wrong and right labels (" + positives + " wrong, " + negatives + " right)");
        }
        double rankSum = 0; // ranks 1…n, ties given their mean rank
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double meanRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                rankSum += wrong[order[k]] ? meanRank : 0;
            }
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * @param scores one score per example
     * @param wrong whether each example's label is wrong
     * @param k how many of the highest scores to inspect, 1 … n
     * @return the fraction of wrong labels among the k highest scores (ties broken by example index)
     */
    public static double precisionAtK(double[] scores, boolean[] wrong, int k) {
        return hitsAtK(scores, wrong, k) / (double) k;
    }

    /**
     * @param scores one score per example
     * @param wrong whether each example's label is wrong
     * @param k how many of the highest scores to inspect, 1 … n
     * @return the fraction of all wrong labels found among the k highest scores
     */
    public static double recallAtK(double[] scores, boolean[] wrong, int k) {
        long positives = 0;
        for (boolean w : wrong) {
            positives += w ? 1 : 0;
        }
        return positives == 0 ? Double.NaN : hitsAtK(scores, wrong, k) / (double) positives;
    }

    private static long hitsAtK(double[] scores, boolean[] wrong, int k) {
        check(scores, wrong);
        if (k < 1 || k > scores.length) {
            throw new IllegalArgumentException(
                    "k = " + k + " is invalid for " + scores.length + " examples; use 1 … " + scores.length);
        }
        int[] top = ranking(scores);
        long hits = 0;
        for (int r = 0; r < k; r++) {
            hits += wrong[top[r]] ? 1 : 0;
        }
        return hits;
    }

    /**
     * @param scores one score per example
     * @return example indices, highest score first (ties: lower index first)
     */
    public static int[] ranking(double[] scores) {
        return IntStream.range(0, scores.length)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static void check(double[] scores, boolean[] wrong) {
        if (scores.length != wrong.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + wrong.length + " examples");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("example " + i + " has no score (it was never trained on)");
            }
        }
    }
}

package org.dl4jsam.noisylabels.metrics;

import org.dl4jsam.noisylabels.NoiseJson;

/**
 * The memorization picture of one epoch (SANER Fig. 1; docs/data-and-zoo.md). Accuracies are in [0, 1];
 * NaN where the set is empty (e.g. no test set given).
 *
 * @param epoch epochs completed
 * @param noisyLabelAccuracy accuracy on noisy training examples w.r.t. their noisy labels (memorization)
 * @param noisyTrueAccuracy accuracy on noisy training examples w.r.t. their true labels
 * @param cleanTrainAccuracy accuracy on clean training examples
 * @param cleanNoisyGap {@code cleanTrainAccuracy − noisyLabelAccuracy}
 * @param noisyValidationAccuracy accuracy on the noisy validation split w.r.t. its noisy labels
 * @param testAccuracy accuracy on the clean test set
 */
public record EpochMetrics(
        int epoch,
        double noisyLabelAccuracy,
        double noisyTrueAccuracy,
        double cleanTrainAccuracy,
        double cleanNoisyGap,
        double noisyValidationAccuracy,
        double testAccuracy) {

    /** The CSV header matching {@link #toCsv()}. */
    public static final String CSV_HEADER = "epoch,noisy_label_accuracy,noisy_true_accuracy,clean_train_accuracy,"
            + "clean_noisy_gap,noisy_validation_accuracy,test_accuracy";

    /** @return one CSV line matching {@link #CSV_HEADER} */
    public String toCsv() {
        return epoch + "," + noisyLabelAccuracy + "," + noisyTrueAccuracy + "," + cleanTrainAccuracy + ","
                + cleanNoisyGap + "," + noisyValidationAccuracy + "," + testAccuracy;
    }

    /** @return one compact JSON object (a JSON-lines record) */
    public String toJsonLine() {
        try {
            return NoiseJson.MAPPER
                    .writer()
                    .without(org.nd4j.shade.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(this);
        } catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param line {@link #toJsonLine()} output
     * @return the metrics
     */
    public static EpochMetrics fromJsonLine(String line) {
        return NoiseJson.read(line, EpochMetrics.class);
    }

    /** @return a line a person can read */
    public String toLogLine() {
        return String.format(
                java.util.Locale.ROOT,
                "epoch %d: memorization (noisy-label acc on noisy) %.2f%%, true acc on noisy %.2f%%, clean train %.2f%%,"
                        + " gap %.2f pp, noisy val %.2f%%, test %.2f%%",
                epoch,
                100 * noisyLabelAccuracy,
                100 * noisyTrueAccuracy,
                100 * cleanTrainAccuracy,
                100 * cleanNoisyGap,
                100 * noisyValidationAccuracy,
                100 * testAccuracy);
    }
}

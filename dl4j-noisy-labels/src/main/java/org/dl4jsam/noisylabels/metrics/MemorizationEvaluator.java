package org.dl4jsam.noisylabels.metrics;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes {@link EpochMetrics} in one eval-mode, index-ordered pass over the training examples
 * (plus the test set), from predictions and the {@link NoisyLabels} that keep every clean label.
 */
public final class MemorizationEvaluator {
    private static final int BATCH = 512;

    private final ExampleFeatures trainRows;
    private final NoisyLabels labels;
    private final int[] trainIndices;
    private final int[] validationIndices;
    private final ExampleFeatures testRows;
    private final int[] testLabels;

    /**
     * @param trainFeatures features of all N training examples [N, …], index-ordered
     * @param labels noisy and clean labels of the N examples
     * @param trainIndices examples trained on
     * @param validationIndices noisy validation examples (may be empty)
     * @param testFeatures test features, or null
     * @param testLabels test labels, or null
     */
    public MemorizationEvaluator(
            INDArray trainFeatures,
            NoisyLabels labels,
            int[] trainIndices,
            int[] validationIndices,
            INDArray testFeatures,
            int[] testLabels) {
        this(
                ExampleFeatures.of(trainFeatures),
                labels,
                trainIndices,
                validationIndices,
                testFeatures == null ? null : ExampleFeatures.of(testFeatures),
                testLabels);
    }

    /**
     * As {@link #MemorizationEvaluator(INDArray, NoisyLabels, int[], int[], INDArray, int[])}, with features
     * fetched per batch (in memory or read on demand).
     *
     * @param trainFeatures features of all N training examples, index-ordered
     * @param labels noisy and clean labels of the N examples
     * @param trainIndices examples trained on
     * @param validationIndices noisy validation examples (may be empty)
     * @param testFeatures test features, or null
     * @param testLabels test labels, or null
     */
    public MemorizationEvaluator(
            ExampleFeatures trainFeatures,
            NoisyLabels labels,
            int[] trainIndices,
            int[] validationIndices,
            ExampleFeatures testFeatures,
            int[] testLabels) {
        if (trainFeatures.size() != labels.size()) {
            throw new IllegalArgumentException("MemorizationEvaluator: " + trainFeatures.size() + " feature rows for "
                    + labels.size() + " labels");
        }
        if ((testFeatures == null) != (testLabels == null)
                || (testFeatures != null && testFeatures.size() != testLabels.length)) {
            throw new IllegalArgumentException(
                    "MemorizationEvaluator: give test features and labels together, one label per row");
        }
        this.trainRows = trainFeatures;
        this.labels = labels;
        this.trainIndices = trainIndices.clone();
        this.validationIndices = validationIndices.clone();
        this.testRows = testFeatures;
        this.testLabels = testLabels;
    }

    /**
     * Evaluate the model (eval mode: no dropout, BatchNorm running statistics).
     *
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @param epoch the epoch the metrics are for
     * @return the metrics
     */
    public EpochMetrics evaluate(Model model, int epoch) {
        int[] all = new int[trainIndices.length + validationIndices.length];
        System.arraycopy(trainIndices, 0, all, 0, trainIndices.length);
        System.arraycopy(validationIndices, 0, all, trainIndices.length, validationIndices.length);
        int[] predicted = predict(model, trainRows, all);
        int[] trainPredicted = Arrays.copyOfRange(predicted, 0, trainIndices.length);
        int[] validationPredicted = Arrays.copyOfRange(predicted, trainIndices.length, all.length);
        double testAccuracy = Double.NaN;
        if (testRows != null) {
            int[] order = java.util.stream.IntStream.range(0, testLabels.length).toArray();
            testAccuracy = accuracy(predict(model, testRows, order), testLabels);
        }
        return metrics(epoch, trainPredicted, validationPredicted, testAccuracy);
    }

    /**
     * The metrics for given predictions of the training and validation examples (in index-array order).
     *
     * @param epoch the epoch
     * @param trainPredicted predicted classes of the training examples
     * @param validationPredicted predicted classes of the validation examples
     * @param testAccuracy test accuracy, or NaN without a test set
     * @return the metrics
     */
    public EpochMetrics metrics(int epoch, int[] trainPredicted, int[] validationPredicted, double testAccuracy) {
        long noisy = 0, noisyHitNoisyLabel = 0, noisyHitTrueLabel = 0, clean = 0, cleanHit = 0;
        for (int k = 0; k < trainIndices.length; k++) {
            int i = trainIndices[k];
            int p = trainPredicted[k];
            if (labels.isNoisy(i)) {
                noisy++;
                noisyHitNoisyLabel += p == labels.noisy()[i] ? 1 : 0;
                noisyHitTrueLabel += p == labels.clean()[i] ? 1 : 0;
            } else {
                clean++;
                cleanHit += p == labels.clean()[i] ? 1 : 0;
            }
        }
        long validationHit = 0;
        for (int k = 0; k < validationIndices.length; k++) {
            validationHit += validationPredicted[k] == labels.noisy()[validationIndices[k]] ? 1 : 0;
        }
        double memorization = ratio(noisyHitNoisyLabel, noisy);
        double cleanAccuracy = ratio(cleanHit, clean);
        return new EpochMetrics(
                epoch,
                memorization,
                ratio(noisyHitTrueLabel, noisy),
                cleanAccuracy,
                cleanAccuracy - memorization,
                ratio(validationHit, validationIndices.length),
                testAccuracy);
    }

    /**
     * @param history the metrics of every epoch
     * @return the epoch with the best noisy-validation accuracy (the earliest on ties)
     */
    public static EpochMetrics bestByNoisyValidation(List<EpochMetrics> history) {
        EpochMetrics best = null;
        for (EpochMetrics m : history) {
            if (best == null || m.noisyValidationAccuracy() > best.noisyValidationAccuracy()) {
                best = m;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no epochs to choose from");
        }
        return best;
    }

    private static int[] predict(Model model, ExampleFeatures rows, int[] indices) {
        int[] out = new int[indices.length];
        for (int start = 0; start < indices.length; start += BATCH) {
            int[] batch = Arrays.copyOfRange(indices, start, Math.min(indices.length, start + BATCH));
            INDArray features = rows.rows(batch);
            INDArray output = model instanceof MultiLayerNetwork mln
                    ? mln.output(features, false)
                    : ((ComputationGraph) model).outputSingle(false, features);
            INDArray argMax = output.argMax(1);
            for (int k = 0; k < batch.length; k++) {
                out[start + k] = argMax.getInt(k);
            }
        }
        return out;
    }

    private static double accuracy(int[] predicted, int[] truth) {
        long hit = 0;
        for (int k = 0; k < truth.length; k++) {
            hit += predicted[k] == truth[k] ? 1 : 0;
        }
        return ratio(hit, truth.length);
    }

    private static double ratio(long hits, long total) {
        return total == 0 ? Double.NaN : (double) hits / total;
    }
}

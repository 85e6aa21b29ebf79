package org.dl4jsam.experiments.compare;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsam.experiments.data.Examples;
import org.dl4jsam.experiments.data.TrustedLabels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * True accuracy and memorization on the hand-checked examples of {@code --trusted-labels}: accuracy against the
 * trusted labels (training, validation and test examples alike), and the fraction of trained-on examples whose
 * given label is wrong that the model predicts with that wrong label.
 */
final class TrustedSubsetMetrics {
    /**
     * One epoch's values.
     *
     * @param accuracy accuracy against the trusted labels
     * @param memorization fitted wrong labels among the trained-on trusted examples (NaN: none is wrong)
     * @param wrongGiven trained-on trusted examples whose given label is wrong
     */
    record Values(double accuracy, double memorization, int wrongGiven) {}

    private final TrustedLabels.Located located;
    private final INDArray trainRows;
    private final INDArray testRows;
    private final int[] trainedOn;
    private final int[] given;

    /**
     * @param located where the trusted examples are
     * @param train the training examples
     * @param test the test examples
     * @param trainedOn whether each training example is in the split trained on (1) or the validation split (0)
     * @param given the labels training sees (after injected noise)
     */
    TrustedSubsetMetrics(TrustedLabels.Located located, Examples train, Examples test, int[] trainedOn, int[] given) {
        this.located = located;
        this.trainRows = rows(train, located.train());
        this.testRows = rows(test, located.test());
        this.trainedOn = trainedOn;
        this.given = given;
    }

    private static INDArray rows(Examples examples, int[] rows) {
        if (rows.length == 0) {
            return null;
        }
        return examples.features().rows(rows);
    }

    Values evaluate(ComputationGraph network) {
        int correct = 0;
        int wrong = 0;
        int memorized = 0;
        if (trainRows != null) {
            int[] predicted = predict(network, trainRows);
            for (int k = 0; k < predicted.length; k++) {
                int row = located.train()[k];
                correct += predicted[k] == located.trainLabels()[k] ? 1 : 0;
                if (trainedOn[row] == 1 && given[row] != located.trainLabels()[k]) {
                    wrong++;
                    memorized += predicted[k] == given[row] ? 1 : 0;
                }
            }
        }
        if (testRows != null) {
            int[] predicted = predict(network, testRows);
            for (int k = 0; k < predicted.length; k++) {
                correct += predicted[k] == located.testLabels()[k] ? 1 : 0;
            }
        }
        return new Values(
                (double) correct / located.size(), wrong == 0 ? Double.NaN : (double) memorized / wrong, wrong);
    }

    private static int[] predict(ComputationGraph network, INDArray rows) {
        return network.outputSingle(false, rows).argMax(1).toIntVector();
    }
}

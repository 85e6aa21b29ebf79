package org.dl4jsam.noisylabels.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.dl4jsam.noisylabels.SymmetricNoise;
import org.dl4jsam.noisylabels.TestLabels;
import org.dl4jsam.noisylabels.datasets.Subsets;
import org.dl4jsam.noisylabels.dl4j.NoisyLabelIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Memorization metrics on a hand-built prediction set, and through a real model. */
class MemorizationMetricsTest {
    @TempDir
    Path dir;

    /**
     * Ten examples; noisy: 1, 3, 5, 7 (clean 0 → noisy 2 etc.). Predictions: on noisy examples two
     * follow the noisy label (memorized), one the true label, one neither; on the 4 clean training
     * examples three are right; validation examples 8, 9 (noisy labels 1, 2) predicted 1, 0.
     */
    @Test
    void metricsOnHandBuiltPredictions() {
        int[] clean = {0, 0, 1, 1, 2, 2, 0, 1, 1, 2};
        int[] noisy = {0, 2, 1, 0, 2, 1, 0, 2, 1, 2};
        NoisyLabels labels = new NoisyLabels(noisy, clean, 3);
        int[] train = {0, 1, 2, 3, 4, 5, 6, 7};
        int[] validation = {8, 9};
        MemorizationEvaluator evaluator =
                new MemorizationEvaluator(Nd4j.zeros(10, 2), labels, train, validation, null, null);
        int[] predicted = {0, 2, 0, 1, 2, 1, 0, 0};
        //                 c  n✓ c✗ n(true) c n✓ c  n(neither)
        EpochMetrics m = evaluator.metrics(3, predicted, new int[] {1, 0}, 0.75);
        assertEquals(3, m.epoch());
        assertEquals(2.0 / 4, m.noisyLabelAccuracy(), 1e-15);
        assertEquals(1.0 / 4, m.noisyTrueAccuracy(), 1e-15);
        assertEquals(3.0 / 4, m.cleanTrainAccuracy(), 1e-15);
        assertEquals(0.25, m.cleanNoisyGap(), 1e-15);
        assertEquals(1.0 / 2, m.noisyValidationAccuracy(), 1e-15);
        assertEquals(0.75, m.testAccuracy());
        assertEquals(m, EpochMetrics.fromJsonLine(m.toJsonLine()));
        assertEquals(EpochMetrics.CSV_HEADER.split(",").length, m.toCsv().split(",").length);
    }

    @Test
    void bestEpochIsChosenOnNoisyValidationEarliestOnTies() {
        List<EpochMetrics> history = List.of(
                new EpochMetrics(1, 0, 0, 0, 0, 0.5, 0.9),
                new EpochMetrics(2, 0, 0, 0, 0, 0.7, 0.6),
                new EpochMetrics(3, 0, 0, 0, 0, 0.7, 0.99));
        assertEquals(2, MemorizationEvaluator.bestByNoisyValidation(history).epoch());
    }

    @Test
    void listenerMeasuresARealModelAndWritesJsonLinesAndCsv() throws Exception {
        int n = 60;
        INDArray features = Nd4j.rand(DataType.FLOAT, n, 4);
        int[] clean = TestLabels.balanced(n, 3);
        NoisyLabels labels = SymmetricNoise.paperProtocol(0.3).apply(NoiseInput.of(clean, 3), 1);
        Subsets.Split split =
                Subsets.validationSplit(java.util.stream.IntStream.range(0, n).toArray(), 0.2, 1);
        MemorizationEvaluator evaluator = new MemorizationEvaluator(
                features,
                labels,
                split.train(),
                split.validation(),
                features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10)),
                java.util.Arrays.copyOf(clean, 10));
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(4)
                        .nOut(3)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
        network.init();
        Path jsonl = dir.resolve("metrics.jsonl");
        Path csv = dir.resolve("metrics.csv");
        MemorizationListener listener = new MemorizationListener(evaluator, jsonl, csv);
        network.setListeners(listener);
        NoisyLabelIterator data = new NoisyLabelIterator(features, labels.noisy(), 3, split.train(), 16, true, 2, null);
        network.fit(data, 2);
        assertEquals(2, listener.history().size());
        assertEquals(1, listener.history().get(0).epoch());
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(2, lines.size());
        assertEquals(listener.history().get(1), EpochMetrics.fromJsonLine(lines.get(1)));
        List<String> rows = Files.readAllLines(csv);
        assertEquals(EpochMetrics.CSV_HEADER, rows.get(0));
        assertEquals(3, rows.size());
        for (EpochMetrics m : listener.history()) {
            for (double v : new double[] {
                m.noisyLabelAccuracy(), m.cleanTrainAccuracy(), m.noisyValidationAccuracy(), m.testAccuracy()
            }) {
                assertTrue(v >= 0 && v <= 1, m.toString());
            }
        }
    }
}

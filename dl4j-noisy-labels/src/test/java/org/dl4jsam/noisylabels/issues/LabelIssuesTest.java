package org.dl4jsam.noisylabels.issues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.noisylabels.dl4j.NoisyLabelIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The label-issue signals against a hand computation on a tiny double-precision network (every step's logits
 * recomputed here from the weights before the step), the detection metrics and the confident joint against worked
 * examples, and the clear errors for batches without example indices.
 */
class LabelIssuesTest {
    private static final int N = 12;
    private static final int C = 3;

    private static INDArray features() {
        Random random = new Random(5);
        double[][] x = new double[N][4];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextGaussian();
            }
        }
        return Nd4j.createFromArray(x);
    }

    private static int[] labels() {
        int[] y = new int[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % C;
        }
        return y;
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder()
                .seed(3)
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(0.3));
    }

    private static ComputationGraph graph() {
        ComputationGraph graph = new ComputationGraph(base().graphBuilder()
                .addInputs("in")
                .addLayer(
                        "d",
                        new DenseLayer.Builder()
                                .nIn(4)
                                .nOut(5)
                                .activation(Activation.RELU)
                                .build(),
                        "in")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(5)
                                .nOut(C)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "d")
                .setOutputs("out")
                .build());
        graph.init();
        return graph;
    }

    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(base().list()
                .layer(new DenseLayer.Builder()
                        .nIn(4)
                        .nOut(5)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(5)
                        .nOut(C)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
        net.init();
        return net;
    }

    /** Logits of one example by hand: relu(x·W1 + b1)·W2 + b2, in double. */
    private static double[] logits(INDArray w1, INDArray b1, INDArray w2, INDArray b2, INDArray x, int row) {
        double[] h = new double[5];
        for (int u = 0; u < 5; u++) {
            double s = b1.getDouble(u);
            for (int k = 0; k < 4; k++) {
                s += x.getDouble(row, k) * w1.getDouble(k, u);
            }
            h[u] = Math.max(0, s);
        }
        double[] z = new double[C];
        for (int c = 0; c < C; c++) {
            z[c] = b2.getDouble(c);
            for (int u = 0; u < 5; u++) {
                z[c] += h[u] * w2.getDouble(u, c);
            }
        }
        return z;
    }

    private static void signalsMatchTheHandComputation(Model model, INDArray[] params) {
        INDArray x = features();
        int[] y = labels();
        ExampleSignals signals = new ExampleSignals(N, C);
        if (model instanceof ComputationGraph g) {
            g.setListeners(signals);
        } else {
            ((MultiLayerNetwork) model).setListeners(signals);
        }
        NoisyLabelIterator iterator = new NoisyLabelIterator(
                x, y, C, java.util.stream.IntStream.range(0, N).toArray(), 5, true, 9, null);
        double[] marginSum = new double[N];
        double[] lossSum = new double[N];
        double[] lastMargin = new double[N];
        double[][] probabilitySum = new double[N][C];
        int[] steps = new int[N];
        for (int epoch = 0; epoch < 2; epoch++) {
            iterator.setEpoch(epoch);
            iterator.reset();
            while (iterator.hasNext()) {
                DataSet batch = iterator.next();
                int[] indices = NoisyLabelIterator.exampleIndices(batch);
                for (int k = 0; k < indices.length; k++) { // the weights before this step
                    int i = indices[k];
                    double[] z = logits(params[0], params[1], params[2], params[3], batch.getFeatures(), k);
                    double max = Math.max(z[0], Math.max(z[1], z[2]));
                    double norm = 0;
                    for (double v : z) {
                        norm += Math.exp(v - max);
                    }
                    double other = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < C; c++) {
                        probabilitySum[i][c] += Math.exp(z[c] - max) / norm;
                        other = c == y[i] ? other : Math.max(other, z[c]);
                    }
                    lossSum[i] += -(z[y[i]] - max - Math.log(norm));
                    marginSum[i] += z[y[i]] - other;
                    lastMargin[i] = z[y[i]] - other;
                    steps[i]++;
                }
                signals.nextBatch(batch);
                if (model instanceof ComputationGraph g) {
                    g.fit(batch);
                } else {
                    ((MultiLayerNetwork) model).fit(batch);
                }
            }
        }
        for (int i = 0; i < N; i++) {
            assertEquals(2, signals.steps(i), "every example once per epoch");
            assertEquals(y[i], signals.givenLabel(i));
            assertEquals(marginSum[i] / steps[i], signals.areaUnderMargin(i), 1e-10, "AUM of " + i);
            assertEquals(lossSum[i] / steps[i], signals.meanLoss(i), 1e-10, "loss of " + i);
            assertEquals(-lastMargin[i], signals.score(Signal.LAST_MARGIN, i), 1e-10);
            double[] p = signals.meanProbabilities(i);
            for (int c = 0; c < C; c++) {
                assertEquals(probabilitySum[i][c] / steps[i], p[c], 1e-10, "p of " + i);
            }
            assertEquals(1 - p[y[i]], signals.score(Signal.SELF_CONFIDENCE, i), 1e-12);
            int suggested = signals.suggestedLabel(i);
            assertTrue(suggested != y[i]);
            for (int c = 0; c < C; c++) {
                assertTrue(c == y[i] || p[c] <= p[suggested], "the suggestion is the most probable other class");
            }
        }
    }

    @Test
    void signalsOfAGraphMatchAHandComputationAtTheWeightsBeforeEachStep() {
        ComputationGraph graph = graph();
        signalsMatchTheHandComputation(graph, new INDArray[] {
            graph.getParam("d_W"), graph.getParam("d_b"), graph.getParam("out_W"), graph.getParam("out_b")
        });
    }

    @Test
    void signalsOfAMultiLayerNetworkMatchAHandComputationAtTheWeightsBeforeEachStep() {
        MultiLayerNetwork net = network();
        signalsMatchTheHandComputation(
                net,
                new INDArray[] {net.getParam("0_W"), net.getParam("0_b"), net.getParam("1_W"), net.getParam("1_b")});
    }

    @Test
    void trackingTheIteratorGivesTheSameSignalsAsTheManualLoop() {
        ComputationGraph graph = graph();
        ExampleSignals signals = new ExampleSignals(N, C);
        graph.setListeners(signals);
        NoisyLabelIterator iterator = new NoisyLabelIterator(
                features(), labels(), C, java.util.stream.IntStream.range(0, N).toArray(), 5, false, 9, null);
        graph.fit(signals.track(iterator));
        ComputationGraph again = graph();
        ExampleSignals manual = new ExampleSignals(N, C);
        again.setListeners(manual);
        iterator.reset();
        while (iterator.hasNext()) {
            DataSet batch = iterator.next();
            manual.nextBatch(batch);
            again.fit(batch);
        }
        for (int i = 0; i < N; i++) {
            assertEquals(manual.areaUnderMargin(i), signals.areaUnderMargin(i), 0.0);
            assertEquals(manual.meanLoss(i), signals.meanLoss(i), 0.0);
        }
    }

    @Test
    void batchesWithoutExampleIndicesAreRefusedWithTheFix() {
        ComputationGraph graph = graph();
        ExampleSignals signals = new ExampleSignals(N, C);
        graph.setListeners(signals);
        DataSet plain = new DataSet(features(), Nd4j.eye(C).getRows(labels()));
        IllegalStateException untracked = assertThrows(IllegalStateException.class, () -> graph.fit(plain));
        assertTrue(untracked.getMessage().contains("signals.track(iterator)"), untracked.getMessage());
        IllegalArgumentException noIndices = assertThrows(
                IllegalArgumentException.class,
                () -> graph.fit(signals.track(new ListDataSetIterator<>(plain.asList(), 4))));
        assertTrue(noIndices.getMessage().contains("carries no example indices"), noIndices.getMessage());
        DataSet wrongRange = plain.copy();
        wrongRange.setExampleMetaData(java.util.Collections.nCopies(N, (java.io.Serializable) Integer.valueOf(99)));
        IllegalArgumentException outOfRange =
                assertThrows(IllegalArgumentException.class, () -> signals.nextBatch(wrongRange));
        assertTrue(outOfRange.getMessage().contains("not an index in [0, 12)"), outOfRange.getMessage());
    }

    @Test
    void detectionMetricsMatchWorkedExamples() {
        double[] scores = {0.9, 0.8, 0.7, 0.1};
        boolean[] wrong = {true, false, true, false};
        // pairs (wrong, right): 0.9>0.8, 0.9>0.1, 0.7<0.8, 0.7>0.1 → 3 of 4
        assertEquals(0.75, DetectionMetrics.auroc(scores, wrong), 1e-12);
        assertEquals(0.5, DetectionMetrics.auroc(new double[] {0.5, 0.5}, new boolean[] {true, false}), 1e-12);
        assertEquals(0.5, DetectionMetrics.precisionAtK(scores, wrong, 2), 1e-12);
        assertEquals(0.5, DetectionMetrics.recallAtK(scores, wrong, 2), 1e-12);
        assertEquals(2 / 3.0, DetectionMetrics.precisionAtK(scores, wrong, 3), 1e-12);
        assertArrayEquals(new int[] {0, 1, 2, 3}, DetectionMetrics.ranking(scores));
        IllegalArgumentException tooMany =
                assertThrows(IllegalArgumentException.class, () -> DetectionMetrics.precisionAtK(scores, wrong, 5));
        assertTrue(tooMany.getMessage().contains("k = 5 is invalid for 4 examples"), tooMany.getMessage());
    }

    @Test
    void confidentJointAndPruneByNoiseRateMatchAWorkedExample() {
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.2, 0.8}, {0.1, 0.9}, {0.3, 0.7}, {0.6, 0.4}};
        int[] labels = {0, 0, 0, 1, 1, 1};
        ConfidentLearning cl = ConfidentLearning.of(p, labels);
        // t0 = (0.9 + 0.8 + 0.2) / 3, t1 = (0.9 + 0.7 + 0.4) / 3
        assertEquals(1.9 / 3, cl.thresholds()[0], 1e-12);
        assertEquals(2.0 / 3, cl.thresholds()[1], 1e-12);
        // x5 (0.6 < t0, 0.4 < t1) is confident in no class
        assertArrayEquals(new long[] {2, 1}, cl.confidentJoint()[0]);
        assertArrayEquals(new long[] {0, 2}, cl.confidentJoint()[1]);
        // calibrated rows [2, 1]·3/3 and [0, 2]·3/2, over their total 6
        assertEquals(2 / 6.0, cl.joint()[0][0], 1e-12);
        assertEquals(1 / 6.0, cl.joint()[0][1], 1e-12);
        assertEquals(0.0, cl.joint()[1][0], 1e-12);
        assertEquals(3 / 6.0, cl.joint()[1][1], 1e-12);
        // round(6 · 1/6) = 1 example labelled 0 with the largest p1 − p0: x2
        assertArrayEquals(new boolean[] {false, false, true, false, false, false}, cl.flagged());
        assertEquals(1, cl.flaggedCount());
        assertEquals(0.8, cl.selfConfidence()[2], 1e-12);
    }
}

package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.spi.Batch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * ESAM's per-example losses (Du et al. 2022, SDS) in training mode: the scoring forward pass gives each example's
 * cross-entropy of a training-mode forward pass (checked against {@code −log p_y} of DL4J's own training-mode
 * feed-forward) and leaves every parameter, BatchNorm's running statistics included, untouched; and the losses at
 * {@code w} come from DL4J's first pass, so from the second step on a step costs half a pass less.
 */
class EsamExampleLossesTest {
    private static final int ROWS = 12;

    private static ComputationGraph network(SamConfig config) {
        ComputationGraph network = new ComputationGraph(
                TestNets.convBatchNormGraph(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), config)));
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }

    @Test
    void trainingModeLossesAreEachExamplesCrossEntropyAndChangeNoParameter() {
        ComputationGraph network = network(SamConfig.erm());
        MultiDataSet data = TestNets.imageData(ROWS, 3);
        INDArray before = network.params().dup();

        OutputErrorRecording recording = new OutputErrorRecording(network);
        assertNull(recording.firstPassLosses(ROWS), "nothing was kept before the keeping began");
        double[] losses = recording
                .trainingModeLosses(Batch.of(new DataSet(data.getFeatures(0), data.getLabels(0))))
                .toDoubleVector();

        assertArrayEquals(
                before.toDoubleVector(), network.params().toDoubleVector(), 0.0, "scoring changed a parameter");
        INDArray probabilities =
                network.feedForward(new INDArray[] {data.getFeatures(0)}, true).get("out");
        double[][] p = probabilities.toDoubleMatrix();
        double[][] y = data.getLabels(0).toDoubleMatrix();
        for (int i = 0; i < ROWS; i++) {
            double expected = 0;
            for (int c = 0; c < y[i].length; c++) {
                expected -= y[i][c] * Math.log(p[i][c]);
            }
            assertEquals(expected, losses[i], 1e-12, "example " + i);
        }
    }

    @Test
    void anOutputWhoseActivationCannotBeInvertedIsScoredThroughDl4j() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork network =
                new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(TestNets.base(new MomentumSgd(0.05, 0.9))
                        .list()
                        .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder()
                                .nIn(4)
                                .nOut(5)
                                .activation(org.nd4j.linalg.activations.Activation.RELU)
                                .build())
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE)
                                .nIn(5)
                                .nOut(3)
                                .activation(org.nd4j.linalg.activations.Activation.TANH)
                                .build())
                        .build());
        network.init();
        DataSet data = TestNets.denseData(ROWS, 9);
        OutputErrorRecording recording = new OutputErrorRecording(network);
        double[] losses = recording.trainingModeLosses(Batch.of(data)).toDoubleVector();
        double[][] out = network.output(data.getFeatures(), true).toDoubleMatrix();
        double[][] y = data.getLabels().toDoubleMatrix();
        for (int i = 0; i < ROWS; i++) {
            double expected = 0;
            for (int c = 0; c < 3; c++) {
                expected += (out[i][c] - y[i][c]) * (out[i][c] - y[i][c]) / 3; // DL4J's MSE: the mean over outputs
            }
            assertEquals(expected, losses[i], 1e-12, "example " + i);
        }
    }

    @Test
    void theLossesAtWComeFromTheFirstPassFromTheSecondStepOn() {
        ComputationGraph network = network(SamPresets.get("esam").config(new SamPresets.Parameters(0.05, 0.5, 0, 10)));
        MultiDataSet data = TestNets.imageData(ROWS, 5);
        network.fit(data);
        double first = SharpnessAware.lastStep(network).orElseThrow().passes();
        network.fit(data);
        double second = SharpnessAware.lastStep(network).orElseThrow().passes();
        assertEquals(3.0, first, 1e-12, "first step: the pass, scorings at w and w+ε (½ each), the selected pass");
        assertEquals(2.5, second, 1e-12, "later steps: the losses at w are the first pass's own");
    }
}

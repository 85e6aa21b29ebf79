package org.dl4jsam.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsam.noisylabels.dl4j.NoisyLabelIterator;
import org.dl4jsam.noisylabels.issues.ExampleSignals;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.TestNets;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Label-issue signals inside a SAM step: only the step's first forward pass (at w, before the update) is recorded,
 * not the second one at w + ε — checked against the network's own predictions at w before every step.
 */
class LabelSignalsUnderSamTest {
    @Test
    void onlyTheFirstPassOfEverySamStepIsRecorded() {
        int n = 10;
        int classes = 3;
        Random random = new Random(2);
        double[][] x = new double[n][4];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                x[i][k] = random.nextGaussian();
            }
            y[i] = i % classes;
        }
        ComputationGraph graph = new ComputationGraph(
                TestNets.denseGraph(new SharpnessAwareUpdater(new MomentumSgd(0.2, 0.9), SamConfig.sam(0.5))));
        graph.init();
        ExampleSignals signals = new ExampleSignals(n, classes);
        graph.setListeners(signals);
        SharpnessAware.attachTo(graph);
        NoisyLabelIterator iterator = new NoisyLabelIterator(
                Nd4j.createFromArray(x), y, classes, IntStream.range(0, n).toArray(), 4, true, 1, null);
        double[][] expected = new double[n][classes];
        for (int epoch = 0; epoch < 3; epoch++) {
            iterator.setEpoch(epoch);
            iterator.reset();
            while (iterator.hasNext()) {
                DataSet batch = iterator.next();
                INDArray before = graph.outputSingle(false, batch.getFeatures()); // at w, before the SAM step
                int[] indices = NoisyLabelIterator.exampleIndices(batch);
                for (int k = 0; k < indices.length; k++) {
                    for (int c = 0; c < classes; c++) {
                        expected[indices[k]][c] += before.getDouble(k, c) / 3;
                    }
                }
                signals.nextBatch(batch);
                graph.fit(batch);
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(3, signals.steps(i), "one record per SAM step, not two");
            double[] p = signals.meanProbabilities(i);
            for (int c = 0; c < classes; c++) {
                assertEquals(expected[i][c], p[c], 1e-10, "probabilities at w for example " + i);
            }
        }
    }
}

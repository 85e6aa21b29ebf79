package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * PyTorch-style weight decay ({@link WeightDecayConfig}) against a second code path: the same network
 * without decay, whose step differs by exactly {@code lr·λ·w} on every trainable entry — BatchNorm γ/β
 * and biases included — and not at all on the running statistics.
 */
class WeightDecayTest {
    private static final double LR = 0.1;
    private static final double LAMBDA = 0.01;

    @Test
    void decaysEveryTrainableParameterAndNoRunningStatistic() {
        MultiLayerNetwork plain = network(SamConfig.erm());
        MultiLayerNetwork decayed = network(SamConfig.erm().withWeightDecay(WeightDecayConfig.pytorch(LAMBDA)));
        decayed.setParams(plain.params().dup());
        String[][] trainable = {{"0", "W"}, {"0", "b"}, {"1", "gamma"}, {"1", "beta"}, {"2", "W"}, {"2", "b"}};
        double[][] starts = new double[trainable.length][];
        for (int k = 0; k < trainable.length; k++) {
            starts[k] = plain.getLayer(Integer.parseInt(trainable[k][0]))
                    .getParam(trainable[k][1])
                    .dup()
                    .data()
                    .asDouble();
        }
        DataSet batch = TestNets.denseData(8, 11);
        plain.fit(batch);
        decayed.fit(batch);
        assertFalse(SharpnessAware.lastStep(decayed).orElseThrow().secondPass(), "erm() takes no second pass");
        // TestNets.multiLayer: dense 4→6 (W, b), BatchNorm 6 (γ, β, mean, var), output 6→3 (W, b)
        for (int k = 0; k < trainable.length; k++) {
            String[] key = trainable[k];
            int layer = Integer.parseInt(key[0]);
            double[] expected =
                    plain.getLayer(layer).getParam(key[1]).dup().data().asDouble();
            double[] start = starts[k];
            double[] actual =
                    decayed.getLayer(layer).getParam(key[1]).dup().data().asDouble();
            for (int i = 0; i < expected.length; i++) {
                double want = expected[i] - LR * LAMBDA * start[i];
                assertEquals(
                        want, actual[i], 1e-13 * Math.max(1, Math.abs(want)), key[0] + "_" + key[1] + "[" + i + "]");
            }
        }
        for (String statistic : new String[] {"mean", "log10stdev"}) { // DL4J's BatchNorm keeps log10(σ) by default
            Approx.assertAllClose(
                    decayed.getLayer(1).getParam(statistic).dup().data().asDouble(),
                    plain.getLayer(1).getParam(statistic).dup().data().asDouble(),
                    0.0,
                    0.0,
                    "running " + statistic + " is not decayed");
        }
    }

    @Test
    void invalidLambdaIsNamed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WeightDecayConfig.pytorch(-1e-4));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        SamConfig config = SamConfig.sam(0.1).withWeightDecay(new WeightDecayConfig(5e-4, true));
        assertEquals(config, SamConfig.fromJson(config.toJson()));
    }

    private static MultiLayerNetwork network(SamConfig config) {
        MultiLayerNetwork network =
                new MultiLayerNetwork(TestNets.multiLayer(new SharpnessAwareUpdater(new Sgd(LR), config)));
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }
}

package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.transform.WsamConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Decoupled WSAM (Yue et al. 2023, Algorithm 1) moves each parameter by its own group's learning rate after the
 * update, and refuses a base updater without one (AdaDelta) when the model is attached instead of turning the
 * weights to NaN.
 */
class WsamLearningRateTest {
    private static final double RHO = 0.2;
    private static final double GAMMA = 0.8;
    private static final double HIDDEN_LR = 0.1;
    private static final double OUTPUT_LR = 0.02;
    private static final int B = 8;

    private static MultiLayerConfiguration twoRates(SamConfig sam, IUpdater hidden, IUpdater output) {
        return TestNets.base(new Sgd(1.0))
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(4)
                        .nOut(5)
                        .activation(Activation.TANH)
                        .updater(sam == null ? hidden : new SharpnessAwareUpdater(hidden, sam))
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(5)
                        .nOut(3)
                        .activation(Activation.SOFTMAX)
                        .updater(sam == null ? output : new SharpnessAwareUpdater(output, sam))
                        .build())
                .build();
    }

    /** DL4J's batch-mean gradient at {@code w}, from a plain network (an oracle independent of the step). */
    private static double[] meanGradient(MultiLayerNetwork oracle, double[] w, DataSet batch) {
        oracle.setParams(org.nd4j.linalg.factory.Nd4j.createFromArray(w).reshape(1, w.length));
        oracle.setInput(batch.getFeatures());
        oracle.setLabels(batch.getLabels());
        oracle.computeGradientAndScore();
        double[] g = oracle.getGradientsViewArray().dup().data().asDouble();
        for (int i = 0; i < g.length; i++) {
            g[i] /= B; //                                    DL4J's view holds the sum over the batch
        }
        return g;
    }

    @Test
    void decoupledWsamMovesEachLayerByItsOwnLearningRate() {
        SamConfig sam = SamConfig.sam(RHO).withGradientTransforms(new WsamConfig(GAMMA, true));
        MultiLayerNetwork network = new MultiLayerNetwork(twoRates(sam, new Sgd(HIDDEN_LR), new Sgd(OUTPUT_LR)));
        network.init();
        SharpnessAware.attachTo(network);
        MultiLayerNetwork oracle = new MultiLayerNetwork(twoRates(null, new Sgd(1.0), new Sgd(1.0)));
        oracle.init();
        DataSet batch = TestNets.denseData(B, 41);
        double[] w = network.params().dup().data().asDouble();

        double[] g = meanGradient(oracle, w, batch);
        double norm = 0;
        for (double v : g) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] perturbed = w.clone();
        for (int i = 0; i < w.length; i++) {
            perturbed[i] += RHO * g[i] / (norm + 1e-12);
        }
        double[] hat = meanGradient(oracle, perturbed, batch);
        double alpha = GAMMA / (1 - GAMMA);
        long hiddenEntries = network.getLayer(0).numParams();
        double[] expected = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double lr = i < hiddenEntries ? HIDDEN_LR : OUTPUT_LR;
            expected[i] = w[i] - lr * g[i] - lr * alpha * (hat[i] - g[i]); // SGD on g, then −lr·α·(ĝ − g)
        }

        network.fit(batch);
        Approx.assertAllClose(network.params().data().asDouble(), expected, 0, 1e-12, "per-layer decoupled WSAM");
    }

    @Test
    void decoupledWsamRefusesABaseUpdaterWithoutALearningRate() {
        SamConfig decoupled = SamConfig.sam(RHO).withGradientTransforms(new WsamConfig(GAMMA, true));
        MultiLayerNetwork network = new MultiLayerNetwork(twoRates(decoupled, new AdaDelta(), new AdaDelta()));
        network.init();
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> SharpnessAware.attachTo(network));
        assertTrue(
                refused.getMessage().contains("has none")
                        && refused.getMessage().contains("coupled form"),
                refused.getMessage());

        SamConfig coupled = SamConfig.sam(RHO).withGradientTransforms(new WsamConfig(GAMMA, false));
        MultiLayerNetwork fine = new MultiLayerNetwork(twoRates(coupled, new AdaDelta(), new AdaDelta()));
        fine.init();
        SharpnessAware.attachTo(fine);
        fine.fit(TestNets.denseData(B, 42));
        for (double value : fine.params().data().asDouble()) {
            assertTrue(Double.isFinite(value), "coupled WSAM on AdaDelta trains");
        }
    }
}

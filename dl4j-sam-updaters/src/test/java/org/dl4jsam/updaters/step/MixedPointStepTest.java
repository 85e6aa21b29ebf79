package org.dl4jsam.updaters.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.loss.OutputErrorLoss;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * J-SAM and logit-SAM on a one-hidden-layer network (tanh, softmax cross entropy) against a hand-derived
 * reference in double precision: per-example gradient {@code J(v)ᵀ·δ(u)} with the Jacobian at one point and the
 * output error at the other, for one ε per batch and one ε per example, over several SGD steps. The same
 * reference with both factors perturbed reproduces SAM, which checks the reference itself.
 */
class MixedPointStepTest {
    private static final int N = 6;
    private static final int IN = 4;
    private static final int HIDDEN = 5;
    private static final int OUT = 3;
    private static final double RHO = 0.3;
    private static final double LR = 0.5;

    /** Parameters of the network as plain arrays: z = tanh(x·W1 + b1)·W2 + b2. */
    private record Weights(double[][] w1, double[] b1, double[][] w2, double[] b2) {
        static Weights of(MultiLayerNetwork network) {
            return new Weights(
                    network.getParam("0_W").toDoubleMatrix(),
                    network.getParam("0_b").toDoubleVector(),
                    network.getParam("1_W").toDoubleMatrix(),
                    network.getParam("1_b").toDoubleVector());
        }

        Weights plus(double scale, Weights d) {
            return new Weights(add(w1, scale, d.w1), add(b1, scale, d.b1), add(w2, scale, d.w2), add(b2, scale, d.b2));
        }

        double norm() {
            double s = 0;
            for (double[] r : w1) for (double v : r) s += v * v;
            for (double v : b1) s += v * v;
            for (double[] r : w2) for (double v : r) s += v * v;
            for (double v : b2) s += v * v;
            return Math.sqrt(s);
        }

        private static double[][] add(double[][] a, double s, double[][] b) {
            double[][] c = new double[a.length][];
            for (int i = 0; i < a.length; i++) {
                c[i] = add(a[i], s, b[i]);
            }
            return c;
        }

        private static double[] add(double[] a, double s, double[] b) {
            double[] c = a.clone();
            for (int i = 0; i < a.length; i++) {
                c[i] += s * b[i];
            }
            return c;
        }
    }

    private static double[] hidden(Weights w, double[] x) {
        double[] h = new double[HIDDEN];
        for (int k = 0; k < HIDDEN; k++) {
            double a = w.b1[k];
            for (int j = 0; j < IN; j++) {
                a += x[j] * w.w1[j][k];
            }
            h[k] = Math.tanh(a);
        }
        return h;
    }

    /** δ = p − y, the softmax cross entropy's derivative with respect to the logits, at weights u. */
    private static double[] delta(Weights u, double[] x, double[] y) {
        double[] h = hidden(u, x);
        double[] z = new double[OUT];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < OUT; c++) {
            z[c] = u.b2[c];
            for (int k = 0; k < HIDDEN; k++) {
                z[c] += h[k] * u.w2[k][c];
            }
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < OUT; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < OUT; c++) {
            z[c] = z[c] / sum - y[c];
        }
        return z;
    }

    /** Mean over the examples {@code from..to} of {@code J_i(v)ᵀ·δ_i(u)}. */
    private static Weights gradient(Weights v, Weights u, double[][] x, double[][] y, int from, int to) {
        double[][] gw1 = new double[IN][HIDDEN];
        double[] gb1 = new double[HIDDEN];
        double[][] gw2 = new double[HIDDEN][OUT];
        double[] gb2 = new double[OUT];
        int n = to - from;
        for (int i = from; i < to; i++) {
            double[] d = delta(u, x[i], y[i]);
            double[] h = hidden(v, x[i]);
            for (int c = 0; c < OUT; c++) {
                gb2[c] += d[c] / n;
                for (int k = 0; k < HIDDEN; k++) {
                    gw2[k][c] += h[k] * d[c] / n;
                }
            }
            for (int k = 0; k < HIDDEN; k++) {
                double dh = 0;
                for (int c = 0; c < OUT; c++) {
                    dh += v.w2[k][c] * d[c];
                }
                double da = dh * (1 - h[k] * h[k]);
                gb1[k] += da / n;
                for (int j = 0; j < IN; j++) {
                    gw1[j][k] += x[i][j] * da / n;
                }
            }
        }
        return new Weights(gw1, gb1, gw2, gb2);
    }

    private enum Kind {
        SAM,
        JACOBIAN,
        LOGIT
    }

    /** The reference step's gradient (a batch mean) for one ε per group of {@code m} examples. */
    private static Weights reference(Kind kind, Weights w, double[][] x, double[][] y, int m) {
        Weights total = null;
        int groups = (N + m - 1) / m;
        for (int start = 0; start < N; start += m) {
            int end = Math.min(N, start + m);
            Weights g = gradient(w, w, x, y, start, end);
            Weights perturbed = w.plus(RHO / (g.norm() + 1e-12), g);
            Weights part =
                    switch (kind) {
                        case SAM -> gradient(perturbed, perturbed, x, y, start, end);
                        case JACOBIAN -> gradient(perturbed, w, x, y, start, end);
                        case LOGIT -> gradient(w, perturbed, x, y, start, end);
                    };
            total = total == null ? part.plus(1.0 / groups - 1, part) : total.plus(1.0 / groups, part);
        }
        return total;
    }

    private static MultiLayerNetwork network(StepAlgorithmConfig algorithm) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12)
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .updater(new SharpnessAwareUpdater(
                        new Sgd(LR), SamConfig.sam(RHO).withStepAlgorithm(algorithm)))
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(IN)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(HIDDEN)
                        .nOut(OUT)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }

    private static void followsTheReference(Kind kind, StepAlgorithmConfig algorithm, int m) {
        MultiLayerNetwork network = network(algorithm);
        Random random = new Random(5);
        for (int step = 0; step < 3; step++) {
            double[][] x = new double[N][IN];
            double[][] y = new double[N][OUT];
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < IN; j++) {
                    x[i][j] = random.nextGaussian();
                }
                y[i][random.nextInt(OUT)] = 1;
            }
            Weights before = Weights.of(network);
            Weights expected = before.plus(-LR, reference(kind, before, x, y, m));
            network.fit(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
            Weights after = Weights.of(network);
            double error = after.plus(-1, expected).norm();
            double passes = SharpnessAware.lastStep(network).orElseThrow().passes();
            double expectedPasses = m < N
                    ? 1 + (kind == Kind.LOGIT ? 3 : 2) * ((N + m - 1) / m)
                    : kind == Kind.LOGIT ? 3 : kind == Kind.JACOBIAN && step == 0 ? 3 : 2;
            assertEquals(expectedPasses, passes, 0.0, kind + " (m = " + m + ") passes at step " + step);
            assertTrue(
                    error < 1e-12 * Math.max(1, expected.norm()),
                    kind + " (m = " + m + ") step " + step + ": ‖DL4J − reference‖ = " + error);
        }
    }

    @Test
    void theReferenceWithBothFactorsPerturbedIsSam() {
        followsTheReference(Kind.SAM, new TwoPassStepConfig(), N);
        followsTheReference(Kind.SAM, new MicroBatchStepConfig(1), 1);
    }

    @Test
    void jSamBackPropagatesTheCleanOutputErrorAtThePerturbedWeights() {
        followsTheReference(Kind.JACOBIAN, MixedPointStepConfig.jacobianSam(), N);
        followsTheReference(
                Kind.JACOBIAN, new MixedPointStepConfig(MixedPointStepConfig.PerturbedFactor.JACOBIAN, 1), 1);
        followsTheReference(
                Kind.JACOBIAN, new MixedPointStepConfig(MixedPointStepConfig.PerturbedFactor.JACOBIAN, 4), 4);
    }

    @Test
    void logitSamBackPropagatesThePerturbedOutputErrorAtTheCleanWeights() {
        followsTheReference(Kind.LOGIT, MixedPointStepConfig.logitSam(), N);
        followsTheReference(
                Kind.LOGIT, new MixedPointStepConfig(MixedPointStepConfig.PerturbedFactor.LOGIT_DERIVATIVE, 1), 1);
    }

    @Test
    void theRecorderBehavesAsTheLossAndTheConfigurationIsValidated() {
        MultiLayerNetwork network = network(MixedPointStepConfig.jacobianSam());
        network.fit(new DataSet(
                Nd4j.rand(DataType.DOUBLE, N, IN), Nd4j.eye(OUT).repeat(0, 2).reshape(N, OUT)));
        OutputLayer out =
                (OutputLayer) network.getLayerWiseConfigurations().getConf(1).getLayer();
        assertTrue(out.getLossFn() instanceof OutputErrorLoss, "the recorder is on the output layer");
        String json = network.getLayerWiseConfigurations().toJson();
        assertTrue(!json.contains("OutputErrorLoss"), "a saved model never holds the recorder");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        OutputLayer saved = (OutputLayer) back.getConf(1).getLayer();
        assertEquals(((OutputErrorLoss) out.getLossFn()).getInner(), saved.getLossFn(), "it holds the user's loss");
        assertThrows(IllegalArgumentException.class, () -> new MixedPointStepConfig(null, 0));
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class,
                () -> new MixedPointStepConfig(MixedPointStepConfig.PerturbedFactor.JACOBIAN, -1));
        assertTrue(negative.getMessage().contains("m ≥ 1"), negative.getMessage());
    }
}

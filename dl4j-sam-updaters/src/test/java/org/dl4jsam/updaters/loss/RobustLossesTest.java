package org.dl4jsam.updaters.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * GCE and hard bootstrapping in double precision: values and gradients against hand-derived formulas, central
 * finite differences and DL4J's cross entropy (β = 1), a whole-network gradient check, masks, JSON and bad
 * hyper-parameters.
 */
class RobustLossesTest {
    private static final int N = 6;
    private static final int C = 4;

    private static INDArray logits(long seed) {
        Random random = new Random(seed);
        INDArray z = Nd4j.zeros(DataType.DOUBLE, N, C);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < C; j++) {
                z.putScalar(i, j, 2 * random.nextGaussian());
            }
        }
        return z;
    }

    private static INDArray oneHot(long seed) {
        Random random = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, N, C);
        for (int i = 0; i < N; i++) {
            y.putScalar(i, random.nextInt(C), 1.0);
        }
        return y;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    @Test
    void gceValueAndGradientMatchTheHandDerivedSoftmaxFormula() {
        double q = 0.7;
        INDArray z = logits(1);
        INDArray y = oneHot(2);
        LossGce loss = new LossGce(q);
        INDArray scores = loss.computeScoreArray(y, z, new ActivationSoftmax(), null);
        INDArray gradient = loss.computeGradient(y, z, new ActivationSoftmax(), null);
        for (int i = 0; i < N; i++) {
            double[] p = softmax(z.getRow(i).toDoubleVector());
            int label = y.getRow(i).argMax().getInt(0);
            assertEquals((1 - Math.pow(p[label], q)) / q, scores.getDouble(i, 0), 1e-14, "score " + i);
            for (int j = 0; j < C; j++) { // ∂L/∂z_j = −p_y^q·(δ_jy − p_j)
                double expected = -Math.pow(p[label], q) * ((j == label ? 1 : 0) - p[j]);
                assertEquals(expected, gradient.getDouble(i, j), 1e-14, "gradient " + i + "," + j);
            }
        }
    }

    @Test
    void bootstrapValueMatchesItsDefinitionAndReducesToDl4jsCrossEntropyAtBetaOne() {
        double beta = 0.8;
        INDArray z = logits(3);
        INDArray y = oneHot(4);
        INDArray scores = new LossHardBootstrap(beta).computeScoreArray(y, z, new ActivationSoftmax(), null);
        for (int i = 0; i < N; i++) {
            double[] p = softmax(z.getRow(i).toDoubleVector());
            int label = y.getRow(i).argMax().getInt(0);
            int predicted = z.getRow(i).argMax().getInt(0);
            double expected = -(beta * Math.log(p[label]) + (1 - beta) * Math.log(p[predicted]));
            assertEquals(expected, scores.getDouble(i, 0), 1e-13, "score " + i);
        }
        LossHardBootstrap crossEntropy = new LossHardBootstrap(1.0);
        LossMCXENT dl4j = new LossMCXENT();
        assertEquals(
                dl4j.computeScore(y, z, new ActivationSoftmax(), null, true),
                crossEntropy.computeScore(y, z, new ActivationSoftmax(), null, true),
                1e-12);
        INDArray expected = dl4j.computeGradient(y, z, new ActivationSoftmax(), null);
        INDArray actual = crossEntropy.computeGradient(y, z, new ActivationSoftmax(), null);
        assertTrue(expected.equalsWithEps(actual, 1e-12), expected + " vs " + actual);
    }

    /** Central differences of the summed score with respect to each logit (z held a step away from ties). */
    private static void matchesFiniteDifferences(ILossFunction loss, long seed) {
        INDArray z = logits(seed);
        INDArray y = oneHot(seed + 1);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, N, 1);
        mask.putScalar(N - 1, 0, 0.0); // a masked-out example contributes neither score nor gradient
        INDArray gradient = loss.computeGradient(y, z, new ActivationSoftmax(), mask);
        double h = 1e-6;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < C; j++) {
                INDArray plus = z.dup();
                plus.putScalar(i, j, z.getDouble(i, j) + h);
                INDArray minus = z.dup();
                minus.putScalar(i, j, z.getDouble(i, j) - h);
                double numeric = (loss.computeScore(y, plus, new ActivationSoftmax(), mask, false)
                                - loss.computeScore(y, minus, new ActivationSoftmax(), mask, false))
                        / (2 * h);
                assertEquals(numeric, gradient.getDouble(i, j), 1e-7, loss + " at " + i + "," + j);
            }
        }
        assertEquals(0.0, gradient.getRow(N - 1).norm2Number().doubleValue(), 0.0, "masked example");
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        matchesFiniteDifferences(new LossGce(0.7), 11);
        matchesFiniteDifferences(new LossGce(1.0), 12);
        matchesFiniteDifferences(new LossHardBootstrap(0.8), 13);
        matchesFiniteDifferences(new LossHardBootstrap(0.0), 14);
    }

    @Test
    void aNetworkWithEachLossPassesDl4jsGradientCheck() {
        DataType defaultType = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists
        try {
            gradientCheckEachLoss();
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    private static void gradientCheckEachLoss() {
        for (ILossFunction loss : new ILossFunction[] {new LossGce(), new LossHardBootstrap()}) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(7)
                    .dataType(DataType.DOUBLE)
                    .updater(new NoOp())
                    .weightInit(WeightInit.XAVIER)
                    .list()
                    .layer(new DenseLayer.Builder()
                            .nIn(5)
                            .nOut(6)
                            .activation(Activation.TANH)
                            .build())
                    .layer(new OutputLayer.Builder(loss)
                            .nIn(6)
                            .nOut(C)
                            .activation(Activation.SOFTMAX)
                            .build())
                    .build();
            MultiLayerNetwork network = new MultiLayerNetwork(conf);
            network.init();
            INDArray features = Nd4j.rand(DataType.DOUBLE, N, 5).subi(0.5);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                    .net(network)
                    .input(features)
                    .labels(oneHot(21))
                    .epsilon(1e-6)
                    .maxRelError(1e-5)
                    .minAbsoluteError(1e-9));
            assertTrue(ok, loss + " fails DL4J's gradient check");
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
            assertEquals(conf, back, loss + " survives the network JSON");
        }
    }

    @Test
    void aFrozenBootstrapTargetIsTheCleanPassesArgmaxDuringThePerturbedPasses() {
        INDArray y = oneHot(31);
        INDArray clean = logits(32);
        INDArray perturbed = clean.neg(); // every argmax moves
        LossHardBootstrap frozen = new LossHardBootstrap(0.8, true);
        LossHardBootstrap recomputed = new LossHardBootstrap(0.8, false);
        ActivationSoftmax softmax = new ActivationSoftmax();
        frozen.computeScoreArray(y, clean, softmax, null); // the clean pass records z
        frozen.enterPerturbedPasses();
        INDArray scores = frozen.computeScoreArray(y, perturbed, softmax, null);
        frozen.exitPerturbedPasses();
        for (int i = 0; i < N; i++) {
            double[] p = softmax(perturbed.getRow(i).toDoubleVector());
            int label = y.getRow(i).argMax().getInt(0);
            int z = clean.getRow(i).argMax().getInt(0);
            assertEquals(-(0.8 * Math.log(p[label]) + 0.2 * Math.log(p[z])), scores.getDouble(i, 0), 1e-13);
        }
        assertEquals(
                recomputed.computeScore(y, perturbed, softmax, null, true),
                frozen.computeScore(y, perturbed, softmax, null, true),
                1e-15,
                "outside the perturbed passes z is recomputed");
        assertTrue(!frozen.equals(recomputed) && frozen.name().contains("frozenTarget"));
    }

    @Test
    void aFrozenTargetFollowsTheRowsOfASubBatchPassAndNeverFallsBackSilently() {
        INDArray y = oneHot(33);
        INDArray clean = logits(34);
        LossHardBootstrap frozen = new LossHardBootstrap(0.8, true);
        ActivationSoftmax softmax = new ActivationSoftmax();
        frozen.computeScoreArray(y, clean, softmax, null); // the clean pass records z for all N rows
        long[] rows = {3, 1};
        INDArray partLabels = y.getRows(3, 1);
        INDArray partPerturbed = clean.getRows(3, 1).neg(); // every argmax moves
        frozen.enterPerturbedPasses();
        frozen.nextPassRows(rows);
        INDArray scores = frozen.computeScoreArray(partLabels, partPerturbed, softmax, null);
        for (int i = 0; i < rows.length; i++) {
            double[] p = softmax(partPerturbed.getRow(i).toDoubleVector());
            int label = partLabels.getRow(i).argMax().getInt(0);
            int z = clean.getRow(rows[i]).argMax().getInt(0); //   the clean z of that row of the step's batch
            assertEquals(-(0.8 * Math.log(p[label]) + 0.2 * Math.log(p[z])), scores.getDouble(i, 0), 1e-13);
        }
        frozen.nextPassRows(null);
        IllegalStateException unannounced = assertThrows(
                IllegalStateException.class, () -> frozen.computeScoreArray(partLabels, partPerturbed, softmax, null));
        assertTrue(unannounced.getMessage().contains("did not say which rows"), unannounced.getMessage());
        frozen.exitPerturbedPasses();
    }

    /** A cross entropy that counts what the SAM step tells it. */
    static final class CountingLoss extends LossMCXENT implements org.dl4jsam.updaters.spi.PerturbedPassAware {
        private static final long serialVersionUID = 1L;
        static int entered;
        static int exited;
        static int perturbedGradients;
        static final java.util.List<String> rows = new java.util.ArrayList<>();
        private transient boolean inside;

        @Override
        public void nextPassRows(long[] passRows) {
            rows.add(java.util.Arrays.toString(passRows));
        }

        @Override
        public void enterPerturbedPasses() {
            entered++;
            inside = true;
        }

        @Override
        public void exitPerturbedPasses() {
            exited++;
            inside = false;
        }

        @Override
        public INDArray computeGradient(
                INDArray labels,
                INDArray preOutput,
                org.nd4j.linalg.activations.IActivation activation,
                INDArray mask) {
            perturbedGradients += inside ? 1 : 0;
            return super.computeGradient(labels, preOutput, activation, mask);
        }
    }

    @Test
    void theStepTellsTheLossWhenItsPerturbedPassesRun() {
        MultiLayerNetwork network = countingNetwork(org.dl4jsam.updaters.SamConfig.sam(0.05));
        CountingLoss.entered = 0;
        CountingLoss.exited = 0;
        CountingLoss.perturbedGradients = 0;
        for (int step = 0; step < 3; step++) {
            network.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(DataType.DOUBLE, N, 5), oneHot(step)));
        }
        assertEquals(3, CountingLoss.entered);
        assertEquals(3, CountingLoss.exited);
        assertEquals(3, CountingLoss.perturbedGradients, "one perturbed pass per SAM step");
    }

    /** Dense 5 → 6 (tanh) → softmax C with {@link CountingLoss}, SGD 0.1 wrapped for {@code sam}, attached. */
    private static MultiLayerNetwork countingNetwork(org.dl4jsam.updaters.SamConfig sam) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.DOUBLE)
                .updater(new org.dl4jsam.updaters.SharpnessAwareUpdater(
                        new org.nd4j.linalg.learning.config.Sgd(0.1), sam))
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(5)
                        .nOut(6)
                        .activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(new CountingLoss())
                        .nIn(6)
                        .nOut(C)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        org.dl4jsam.updaters.SharpnessAware.attachTo(network);
        return network;
    }

    @Test
    void subBatchStepsTellTheLossWhichRowsEachPerturbedPassWorksOn() {
        MultiLayerNetwork network = countingNetwork(org.dl4jsam.updaters.SamConfig.sam(0.05)
                .withStepAlgorithm(new org.dl4jsam.updaters.step.MicroBatchStepConfig(4)));
        CountingLoss.rows.clear();
        network.fit(new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(DataType.DOUBLE, N, 5), oneHot(3)));
        // m = 4 on N = 6: g_i at w, then ĝ_i at w + ε_i, for rows 0–3 and then rows 4–5
        assertEquals(java.util.List.of("[0, 1, 2, 3]", "[0, 1, 2, 3]", "[4, 5]", "[4, 5]"), CountingLoss.rows);
    }

    @Test
    void badHyperParametersAreRejectedWithTheRule() {
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> new LossGce(0.0));
        assertTrue(q.getMessage().contains("(0, 1]"), q.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LossGce(Double.NaN));
        IllegalArgumentException beta = assertThrows(IllegalArgumentException.class, () -> new LossHardBootstrap(1.2));
        assertTrue(beta.getMessage().contains("[0, 1]"), beta.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class, () -> new LossGce()
                .computeScoreArray(Nd4j.zeros(DataType.DOUBLE, N, 1), logits(1), new ActivationSoftmax(), null));
        assertTrue(shapes.getMessage().contains("one-hot"), shapes.getMessage());
    }
}

package org.dl4jsam.updaters;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small double-precision, dropout-free networks and seeded data for the tests; shared with the other modules'
 * tests through this module's test jar.
 */
public final class TestNets {
    static final long SEED = 12345;

    private TestNets() {}

    /**
     * @param updater the updater of every layer
     * @return a builder with the tests' seed, double precision and Xavier initialization
     */
    public static NeuralNetConfiguration.Builder base(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.XAVIER)
                .updater(updater);
    }

    /**
     * Dense graph: 4 → 6 (tanh) → 5 (relu) → softmax 3, with L2.
     *
     * @param updater the updater of every layer
     * @return the configuration
     */
    public static ComputationGraphConfiguration denseGraph(IUpdater updater) {
        return base(updater)
                .l2(1e-3)
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                        "h1",
                        new DenseLayer.Builder()
                                .nIn(4)
                                .nOut(6)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addLayer(
                        "h2",
                        new DenseLayer.Builder()
                                .nIn(6)
                                .nOut(5)
                                .activation(Activation.RELU)
                                .build(),
                        "h1")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(5)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "h2")
                .setOutputs("out")
                .build();
    }

    /** Conv + BatchNorm graph on 1×6×6 inputs. */
    static ComputationGraphConfiguration convBatchNormGraph(IUpdater updater) {
        return base(updater)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(6, 6, 1))
                .addLayer(
                        "conv",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .hasBias(false)
                                .activation(Activation.IDENTITY)
                                .build(),
                        "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("relu", new org.deeplearning4j.nn.conf.layers.ActivationLayer(Activation.RELU), "bn")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("bn2", new BatchNormalization.Builder().build(), "pool")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "bn2")
                .setOutputs("out")
                .build();
    }

    /** Two inputs (dense features, masked sequence) and two outputs (class, masked per-step class). */
    static ComputationGraphConfiguration multiInputOutputGraph(IUpdater updater) {
        return base(updater)
                .graphBuilder()
                .addInputs("features", "sequence")
                .setInputTypes(InputType.feedForward(3), InputType.recurrent(2, 5))
                .addLayer(
                        "dense",
                        new DenseLayer.Builder()
                                .nOut(4)
                                .activation(Activation.TANH)
                                .build(),
                        "features")
                .addLayer(
                        "lstm",
                        new LSTM.Builder().nOut(4).activation(Activation.TANH).build(),
                        "sequence")
                .addLayer(
                        "seqOut",
                        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(2)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "lstm")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "lstm")
                .addVertex("merge", new MergeVertex(), "dense", "pool")
                .addLayer(
                        "classOut",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "merge")
                .setOutputs("classOut", "seqOut")
                .build();
    }

    /** MultiLayerNetwork: 4 → 6 (relu) → BatchNorm → softmax 3. */
    static MultiLayerConfiguration multiLayer(IUpdater updater) {
        return base(updater)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(4)
                        .nOut(6)
                        .activation(Activation.RELU)
                        .build())
                .layer(new BatchNormalization.Builder().nOut(6).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(6)
                        .nOut(3)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build();
    }

    /** {@link #multiLayer} with momentum SGD (0.05, 0.9) wrapped for {@code config}, initialized, SAM attached. */
    static MultiLayerNetwork samNetwork(SamConfig config) {
        MultiLayerNetwork network = new MultiLayerNetwork(
                multiLayer(new SharpnessAwareUpdater(new org.dl4jsam.updaters.base.MomentumSgd(0.05, 0.9), config)));
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }

    /**
     * Fit both networks on the same batches ({@link #denseData} with seeds {@code from..to−1}), checking after each
     * step that they took the same second-pass decision.
     */
    static void fitInLockstep(MultiLayerNetwork straight, MultiLayerNetwork resumed, int from, int to, String what) {
        for (int step = from; step < to; step++) {
            straight.fit(denseData(8, step));
            resumed.fit(denseData(8, step));
            org.junit.jupiter.api.Assertions.assertEquals(
                    SharpnessAware.lastStep(straight).orElseThrow().secondPass(),
                    SharpnessAware.lastStep(resumed).orElseThrow().secondPass(),
                    what + ": second pass at step " + step);
        }
    }

    static INDArray oneHot(int rows, int classes, long seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return labels;
    }

    /**
     * Standard normal values from {@link java.util.Random} (ND4J's global generator is not
     * reproducible across a fresh seeding right after network initialization).
     */
    static INDArray gaussian(long seed, long... shape) {
        java.util.Random random = new java.util.Random(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Nd4j.create(values, shape, 'c');
    }

    static DataSet denseData(int rows, long seed) {
        return new DataSet(gaussian(seed, rows, 4), oneHot(rows, 3, seed));
    }

    static MultiDataSet denseMultiData(int rows, long seed) {
        DataSet data = denseData(rows, seed);
        return new MultiDataSet(data.getFeatures(), data.getLabels());
    }

    static MultiDataSet imageData(int rows, long seed) {
        return new MultiDataSet(gaussian(seed, rows, 1, 6, 6), oneHot(rows, 3, seed));
    }

    static MultiDataSet multiInputOutputData(int rows, long seed) {
        INDArray features = gaussian(seed, rows, 3);
        INDArray sequence = gaussian(seed + 1, rows, 2, 5);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, rows, 5);
        for (int i = 0; i < rows; i++) {
            for (int t = 5 - (i % 3); t < 5; t++) {
                mask.putScalar(i, t, 0.0); // variable-length sequences
            }
        }
        INDArray seqLabels = Nd4j.zeros(DataType.DOUBLE, rows, 2, 5);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < 5; t++) {
                seqLabels.putScalar(new long[] {i, random.nextInt(2), t}, 1.0);
            }
        }
        return new MultiDataSet(
                new INDArray[] {features, sequence},
                new INDArray[] {oneHot(rows, 3, seed + 1), seqLabels},
                new INDArray[] {null, mask},
                new INDArray[] {null, mask});
    }
}

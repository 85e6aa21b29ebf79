package org.dl4jsam.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.TestNets;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small double-precision networks and data for the Spark local-mode tests, on the updaters' {@link TestNets}. */
final class SparkTestNets {
    static final int INPUTS = 5;
    static final int CLASSES = 3;

    private SparkTestNets() {}

    static ComputationGraph graph(IUpdater updater) {
        ComputationGraphConfiguration conf = TestNets.base(updater)
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                        "hidden",
                        new DenseLayer.Builder()
                                .nIn(INPUTS)
                                .nOut(8)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(8)
                                .nOut(CLASSES)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "hidden")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    static MultiLayerNetwork multiLayer(IUpdater updater) {
        MultiLayerConfiguration conf = TestNets.base(updater)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(INPUTS)
                        .nOut(8)
                        .activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(8)
                        .nOut(CLASSES)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** {@code n} single-example DataSets of a noisy linear problem, reproducible from the seed. */
    static List<DataSet> examples(int n, long seed) {
        Random random = new Random(seed);
        List<DataSet> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, INPUTS);
            double score = 0;
            for (int j = 0; j < INPUTS; j++) {
                double v = random.nextGaussian();
                x.putScalar(0, j, v);
                score += (j + 1) * v;
            }
            int label = score < -1 ? 0 : score < 1 ? 1 : 2;
            if (random.nextDouble() < 0.2) {
                label = random.nextInt(CLASSES);
            }
            INDArray y = Nd4j.zeros(DataType.DOUBLE, 1, CLASSES);
            y.putScalar(0, label, 1.0);
            examples.add(new DataSet(x, y));
        }
        return examples;
    }
}

package org.dl4jsam.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The zero-padding shortcut: forward by definition, backward by DL4J's finite-difference gradient check. */
class ZeroChannelPadVertexTest {

    private static ComputationGraph graph(int before, int after) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(3)
                .updater(new NoOp())
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(5, 5, 2))
                .addLayer(
                        "narrow",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(2)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addLayer(
                        "wide",
                        new ConvolutionLayer.Builder(3, 3)
                                .nOut(2 + before + after)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addVertex("pad", new ZeroChannelPadVertex(before, after), "narrow")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "pad", "wide")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "add")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "pool")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void forwardPlacesTheInputBetweenZeroChannels() {
        ComputationGraph g = graph(1, 2);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5);
        var activations = g.feedForward(input, false);
        INDArray narrow = activations.get("narrow");
        INDArray padded = activations.get("pad");
        assertEquals(5, padded.size(1));
        assertEquals(
                narrow,
                padded.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.all()));
        assertEquals(
                0.0,
                padded.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all())
                        .norm1Number()
                        .doubleValue());
        assertEquals(
                0.0,
                padded.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 5), NDArrayIndex.all(), NDArrayIndex.all())
                        .norm1Number()
                        .doubleValue());
    }

    @Test
    void passesTheGradientCheckInDoublePrecision() {
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            checkAllPaddings();
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    private static void checkAllPaddings() {
        for (int[] pad : new int[][] {{0, 3}, {1, 1}, {2, 0}}) {
            ComputationGraph g = graph(pad[0], pad[1]);
            INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5);
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3);
            labels.putScalar(0, 1, 1.0);
            labels.putScalar(1, 2, 1.0);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(g)
                    .inputs(new INDArray[] {input})
                    .labels(new INDArray[] {labels})
                    .epsilon(1e-6)
                    .maxRelError(1e-5)
                    .minAbsoluteError(1e-10));
            assertTrue(ok, "gradient check with padding " + pad[0] + "/" + pad[1]);
        }
    }
}

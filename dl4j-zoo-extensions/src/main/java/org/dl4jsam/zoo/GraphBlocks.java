package org.dl4jsam.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The one place that builds layers for the zoo, with PyTorch's conventions: convolutions without
 * bias in {@code Truncate} mode with explicit padding, BatchNorm with eps 1e-5 and decay 0.9, ReLU
 * as its own layer, and a global-average-pool + softmax head. Every method returns the name of
 * the vertex it added; names are {@code prefix-part}.
 */
final class GraphBlocks {
    private final ComputationGraphConfiguration.GraphBuilder graph;

    private GraphBlocks(ComputationGraphConfiguration.GraphBuilder graph) {
        this.graph = graph;
    }

    /** A graph with input {@code "input"} of the recipe's shape. */
    static GraphBlocks start(ZooRecipe recipe) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(recipe.seed())
                .dataType(recipe.dataType())
                .updater(recipe.updater())
                .l2(recipe.l2())
                .weightInit(WeightInit.RELU) // He (Kaiming) normal, as the reference implementations
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(recipe.height(), recipe.width(), recipe.channels()));
        return new GraphBlocks(graph);
    }

    String conv(String name, String input, int kernel, int stride, int channels) {
        return conv(name, input, kernel, stride, channels, 1.0);
    }

    /** Convolution with padding {@code kernel/2}; {@code retain} &lt; 1 applies dropout to its input. */
    String conv(String name, String input, int kernel, int stride, int channels, double retain) {
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .padding(kernel / 2, kernel / 2)
                .nOut(channels)
                .hasBias(false)
                .activation(Activation.IDENTITY);
        if (retain < 1.0) {
            conv.dropOut(retain);
        }
        graph.addLayer(name, conv.build(), input);
        return name;
    }

    String batchNorm(String name, String input) {
        graph.addLayer(
                name, new BatchNormalization.Builder().eps(1e-5).decay(0.9).build(), input);
        return name;
    }

    String relu(String name, String input) {
        graph.addLayer(name, new ActivationLayer(Activation.RELU), input);
        return name;
    }

    String add(String name, String a, String b) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        return name;
    }

    String concat(String name, String... inputs) {
        graph.addVertex(name, new MergeVertex(), inputs);
        return name;
    }

    /** 2×2 average pooling with stride 2; {@code ceil} rounds odd sizes up (PyramidNet's ceil_mode). */
    String averagePool(String name, String input, boolean ceil) {
        graph.addLayer(
                name,
                new SubsamplingLayer.Builder(PoolingType.AVG)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .convolutionMode(ceil ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                        .build(),
                input);
        return name;
    }

    /** {@code x[:, :, ::2, ::2]}: 1×1 pooling with stride 2. */
    String subsample(String name, String input) {
        graph.addLayer(
                name,
                new SubsamplingLayer.Builder(PoolingType.MAX)
                        .kernelSize(1, 1)
                        .stride(2, 2)
                        .convolutionMode(ConvolutionMode.Same)
                        .build(),
                input);
        return name;
    }

    String zeroPad(String name, String input, int before, int after) {
        graph.addVertex(name, new ZeroChannelPadVertex(before, after), input);
        return name;
    }

    /** Global average pooling and a softmax classifier with bias. */
    ComputationGraphConfiguration head(String input, int numClasses) {
        graph.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input)
                .addLayer(
                        "output",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(numClasses)
                                .activation(Activation.SOFTMAX)
                                .weightInit(WeightInit.XAVIER)
                                .build(),
                        "pool")
                .setOutputs("output");
        return graph.build();
    }
}

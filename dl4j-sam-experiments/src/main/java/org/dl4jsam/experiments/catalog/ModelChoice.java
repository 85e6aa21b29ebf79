package org.dl4jsam.experiments.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The architectures the command line trains and benchmarks (the model zoo adds more). Each is
 * architecture only: updater, L2 and seed are inputs; any input size and class count work.
 */
public enum ModelChoice {
    /** Conv 5×5/16 stride 2 → BN-ReLU → conv 3×3/32 stride 2 → BN-ReLU → dense 128 ReLU → softmax: fast on a CPU. */
    SMALL_CNN("small-cnn") {
        @Override
        ComputationGraphConfiguration.GraphBuilder body(ComputationGraphConfiguration.GraphBuilder g, int classes) {
            String x = convBnRelu(g, "1", "in", 5, 16, 2);
            x = convBnRelu(g, "2", x, 3, 32, 2);
            return head(g, x, classes);
        }
    },
    /** Conv 3×3/32-BN-ReLU-maxpool, conv 3×3/64-BN-ReLU-maxpool, dense 128 ReLU, softmax. */
    CNN("cnn") {
        @Override
        ComputationGraphConfiguration.GraphBuilder body(ComputationGraphConfiguration.GraphBuilder g, int classes) {
            g.addLayer("pool1", pool(), convBnRelu(g, "1", "in", 3, 32, 1));
            g.addLayer("pool2", pool(), convBnRelu(g, "2", "pool1", 3, 64, 1));
            return head(g, "pool2", classes);
        }
    },
    /** Stem conv 3×3/16-BN-ReLU, two basic residual blocks at 16 channels, global average pool, softmax. */
    SMALL_RESNET("small-resnet") {
        @Override
        ComputationGraphConfiguration.GraphBuilder body(ComputationGraphConfiguration.GraphBuilder g, int classes) {
            g.addLayer("stem", conv(3, 16, 1), "in")
                    .addLayer("stemBn", new BatchNormalization.Builder().build(), "stem")
                    .addLayer("stemRelu", new ActivationLayer(Activation.RELU), "stemBn");
            String previous = "stemRelu";
            for (int block = 1; block <= 2; block++) {
                String p = "b" + block;
                g.addLayer(p + "c1", conv(3, 16, 1), previous)
                        .addLayer(p + "bn1", new BatchNormalization.Builder().build(), p + "c1")
                        .addLayer(p + "r1", new ActivationLayer(Activation.RELU), p + "bn1")
                        .addLayer(p + "c2", conv(3, 16, 1), p + "r1")
                        .addLayer(p + "bn2", new BatchNormalization.Builder().build(), p + "c2")
                        .addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "bn2", previous)
                        .addLayer(p + "out", new ActivationLayer(Activation.RELU), p + "add");
                previous = p + "out";
            }
            return g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous)
                    .addLayer("out", output(classes), "gap");
        }
    },
    /** Two hidden dense layers of 512 ReLU units. */
    MLP("mlp") {
        @Override
        ComputationGraphConfiguration.GraphBuilder body(ComputationGraphConfiguration.GraphBuilder g, int classes) {
            return g.addLayer(
                            "fc1",
                            new DenseLayer.Builder()
                                    .nOut(512)
                                    .activation(Activation.RELU)
                                    .build(),
                            "in")
                    .addLayer(
                            "fc2",
                            new DenseLayer.Builder()
                                    .nOut(512)
                                    .activation(Activation.RELU)
                                    .build(),
                            "fc1")
                    .addLayer("out", output(classes), "fc2");
        }
    };

    private final String cliName;

    ModelChoice(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name on the command line */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name a model name
     * @return the model named on the command line
     * @throws IllegalArgumentException listing the names when there is none of that name
     */
    public static ModelChoice parse(String name) {
        for (ModelChoice m : values()) {
            if (m.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; available: " + names());
    }

    /** @return the names, comma-separated */
    public static String names() {
        return Arrays.stream(values()).map(ModelChoice::cliName).collect(Collectors.joining(", "));
    }

    abstract ComputationGraphConfiguration.GraphBuilder body(
            ComputationGraphConfiguration.GraphBuilder graph, int classes);

    /**
     * The configuration for images of the given shape and class count (float32).
     *
     * @param updater the network's updater
     * @param seed the initialization seed
     * @param l2 DL4J's {@code .l2}
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param classes output classes
     * @return the configuration
     */
    public ComputationGraphConfiguration configuration(
            IUpdater updater, long seed, double l2, int channels, int height, int width, int classes) {
        return configuration(updater, seed, l2, InputType.convolutional(height, width, channels), classes);
    }

    /**
     * The configuration for a given input (float32).
     *
     * @param updater the network's updater
     * @param seed the initialization seed
     * @param l2 DL4J's {@code .l2}
     * @param input the input type (images for the convolutional models, feed-forward for {@code mlp})
     * @param classes output classes
     * @return the configuration
     */
    public ComputationGraphConfiguration configuration(
            IUpdater updater, long seed, double l2, InputType input, int classes) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(updater)
                .l2(l2)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(input);
        return body(graph, classes).setOutputs("out").build();
    }

    /** conv{n} → bn{n} → relu{n}; returns "relu{n}". */
    private static String convBnRelu(
            ComputationGraphConfiguration.GraphBuilder g,
            String n,
            String input,
            int kernel,
            int channels,
            int stride) {
        g.addLayer("conv" + n, conv(kernel, channels, stride), input)
                .addLayer("bn" + n, new BatchNormalization.Builder().build(), "conv" + n)
                .addLayer("relu" + n, new ActivationLayer(Activation.RELU), "bn" + n);
        return "relu" + n;
    }

    /** Dense 128 ReLU and the softmax output. */
    private static ComputationGraphConfiguration.GraphBuilder head(
            ComputationGraphConfiguration.GraphBuilder g, String input, int classes) {
        return g.addLayer(
                        "fc",
                        new DenseLayer.Builder()
                                .nOut(128)
                                .activation(Activation.RELU)
                                .build(),
                        input)
                .addLayer("out", output(classes), "fc");
    }

    private static ConvolutionLayer conv(int kernel, int channels, int stride) {
        return new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .nOut(channels)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(2, 2)
                .stride(2, 2)
                .build();
    }

    private static OutputLayer output(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .build();
    }
}

package org.dl4jsam.benchmarks;

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

/** The two networks the step benchmark times: a small BatchNorm CNN and a small ResNet. */
enum BenchmarkModels {
    /** 28×28×1: conv32-BN-ReLU-pool, conv64-BN-ReLU-pool, dense 128, softmax 10. */
    SMALL_CNN(1, 28) {
        @Override
        ComputationGraphConfiguration configuration(IUpdater updater, long seed) {
            return start(updater, seed)
                    .addInputs("in")
                    .setInputTypes(InputType.convolutional(28, 28, 1))
                    .addLayer("conv1", conv(32), "in")
                    .addLayer("bn1", new BatchNormalization.Builder().build(), "conv1")
                    .addLayer("relu1", new ActivationLayer(Activation.RELU), "bn1")
                    .addLayer("pool1", pool(), "relu1")
                    .addLayer("conv2", conv(64), "pool1")
                    .addLayer("bn2", new BatchNormalization.Builder().build(), "conv2")
                    .addLayer("relu2", new ActivationLayer(Activation.RELU), "bn2")
                    .addLayer("pool2", pool(), "relu2")
                    .addLayer(
                            "fc",
                            new DenseLayer.Builder()
                                    .nOut(128)
                                    .activation(Activation.RELU)
                                    .build(),
                            "pool2")
                    .addLayer("out", output(), "fc")
                    .setOutputs("out")
                    .build();
        }
    },
    /** 32×32×3: stem conv16-BN-ReLU, two basic residual blocks at 16 channels, GAP, softmax 10. */
    SMALL_RESNET(3, 32) {
        @Override
        ComputationGraphConfiguration configuration(IUpdater updater, long seed) {
            ComputationGraphConfiguration.GraphBuilder graph = start(updater, seed)
                    .addInputs("in")
                    .setInputTypes(InputType.convolutional(32, 32, 3))
                    .addLayer("stem", conv(16), "in")
                    .addLayer("stemBn", new BatchNormalization.Builder().build(), "stem")
                    .addLayer("stemRelu", new ActivationLayer(Activation.RELU), "stemBn");
            String previous = "stemRelu";
            for (int block = 1; block <= 2; block++) {
                String p = "b" + block;
                graph.addLayer(p + "c1", conv(16), previous)
                        .addLayer(p + "bn1", new BatchNormalization.Builder().build(), p + "c1")
                        .addLayer(p + "r1", new ActivationLayer(Activation.RELU), p + "bn1")
                        .addLayer(p + "c2", conv(16), p + "r1")
                        .addLayer(p + "bn2", new BatchNormalization.Builder().build(), p + "c2")
                        .addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "bn2", previous)
                        .addLayer(p + "out", new ActivationLayer(Activation.RELU), p + "add");
                previous = p + "out";
            }
            return graph.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous)
                    .addLayer("out", output(), "gap")
                    .setOutputs("out")
                    .build();
        }
    };

    final int channels;
    final int size;

    BenchmarkModels(int channels, int size) {
        this.channels = channels;
        this.size = size;
    }

    abstract ComputationGraphConfiguration configuration(IUpdater updater, long seed);

    private static ComputationGraphConfiguration.GraphBuilder start(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(updater)
                .l2(5e-4)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder();
    }

    private static ConvolutionLayer conv(int channels) {
        return new ConvolutionLayer.Builder(3, 3)
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

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(10)
                .activation(Activation.SOFTMAX)
                .build();
    }
}

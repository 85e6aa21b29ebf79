package org.dl4jsam.integration;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A DL4J user's own data, made in the test: a folder of PNG/JPEG images with one sub-folder per class, a CSV
 * file of numeric features with a named label column, and a model saved with {@code ModelSerializer}.
 */
final class OwnDataFixtures {
    /** The classes of the generated images: a bright bar at a class-specific row band. */
    static final List<String> IMAGE_CLASSES = List.of("bars-top", "bars-middle", "bars-bottom");

    private OwnDataFixtures() {}

    /**
     * {@code perClass} images of {@code size}×{@code size} per class (grey PNG; every fifth a JPEG).
     *
     * @return the folder
     */
    static Path imageFolder(Path root, int perClass, int size, long seed) throws IOException {
        Random random = new Random(seed);
        for (int k = 0; k < IMAGE_CLASSES.size(); k++) {
            Path folder = Files.createDirectories(root.resolve(IMAGE_CLASSES.get(k)));
            for (int i = 0; i < perClass; i++) {
                String format = i % 5 == 4 ? "jpg" : "png";
                writeImage(folder.resolve(String.format(Locale.ROOT, "img%03d.%s", i, format)), k, size, false, random);
            }
        }
        return root;
    }

    /** One image of class {@code k}: grey, or colour when {@code rgb}. */
    static void writeImage(Path file, int k, int size, boolean rgb, Random random) throws IOException {
        BufferedImage image =
                new BufferedImage(size, size, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        int band = size / IMAGE_CLASSES.size();
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                double v = 50 + 20 * random.nextGaussian() + (r / band == k ? 160 : 0);
                int grey = (int) Math.max(0, Math.min(255, v));
                if (rgb) {
                    image.setRGB(c, r, (grey << 16) | (grey << 8) | grey);
                } else { // the raster: setRGB would convert grey through the sRGB colour space
                    image.getRaster().setSample(c, r, 0, grey);
                }
            }
        }
        String name = file.getFileName().toString();
        ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1), file.toFile());
    }

    /**
     * A CSV file with a header, four numeric features and a {@code species} label column in the middle, three
     * classes in Gaussian clusters.
     *
     * @return the file
     */
    static Path csv(Path file, int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        String[] species = {"setosa", "versicolor", "virginica"};
        StringBuilder text = new StringBuilder("sepal_length,sepal_width,species,petal_length,petal_width\n");
        for (int i = 0; i < perClass; i++) {
            for (int k = 0; k < species.length; k++) {
                text.append(String.format(
                        Locale.ROOT,
                        "%.3f,%.3f,%s,%.3f,%.3f%n",
                        5 + k + 0.5 * random.nextGaussian(),
                        3 - k + 0.5 * random.nextGaussian(),
                        species[k],
                        10 * k + random.nextGaussian(),
                        0.1 * random.nextGaussian()));
            }
        }
        Files.writeString(file, text);
        return file;
    }

    /**
     * A multi-layer network for flattened {@code size}×{@code size} grey images ({@code convolutionalFlat}), as
     * DL4J's MNIST examples build it, saved with {@code ModelSerializer}.
     *
     * @return the zip file
     */
    static Path mlpModel(Path file, int size, int classes) throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(new Sgd(0.1))
                .l2(1e-3)
                .list()
                .layer(new DenseLayer.Builder()
                        .nOut(24)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(classes)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(size, size, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        ModelSerializer.writeModel(net, file.toFile(), true);
        return file;
    }

    /**
     * A convolutional graph for flattened {@code size}×{@code size} grey images ({@code convolutionalFlat}: DL4J puts
     * a {@code FeedForwardToCnnPreProcessor} on its first layer, which fixes the input size), saved with
     * {@code ModelSerializer}.
     *
     * @return the zip file
     */
    static Path cnnModel(Path file, int size, int classes) throws IOException {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(11)
                .updater(new Sgd(0.1))
                .graphBuilder()
                .addInputs("pixels")
                .addLayer(
                        "conv",
                        new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3)
                                .nOut(4)
                                .activation(Activation.RELU)
                                .build(),
                        "pixels")
                .addLayer(
                        "pool",
                        new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
                                        org.deeplearning4j.nn.conf.layers.PoolingType.AVG)
                                .build(),
                        "conv")
                .addLayer(
                        "softmax",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(classes)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "pool")
                .setOutputs("softmax")
                .setInputTypes(InputType.convolutionalFlat(size, size, 1))
                .build();
        org.deeplearning4j.nn.graph.ComputationGraph net = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        net.init();
        ModelSerializer.writeModel(net, file.toFile(), false);
        return file;
    }
}

package org.dl4jsam.experiments.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A user's model from a DL4J {@link ModelSerializer} zip ({@code ComputationGraph} or
 * {@code MultiLayerNetwork}, the latter converted to a graph) or a Keras HDF5 file (DL4J's
 * {@link KerasModelImport}), made ready for a run: the run's updater, seed
 * and weight decay applied through DL4J's own {@link FineTuneConfiguration} (the user's dropout, activations
 * and layers stay; the user's L1/L2/weight decay are replaced by the run's), its classes and input checked
 * against the data.
 */
public final class UserModel {
    private final Path file;
    private final ComputationGraph network;
    private final boolean wasMultiLayer;

    private UserModel(Path file, ComputationGraph network, boolean wasMultiLayer) {
        this.file = file;
        this.network = network;
        this.wasMultiLayer = wasMultiLayer;
    }

    /**
     * @param file a {@code ModelSerializer} zip
     * @return the model
     * @throws IOException if the file is missing, not a zip or not a DL4J model, saying so
     */
    public static UserModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "--model-file " + file + " is not a file");
        }
        String lower = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".h5") || lower.endsWith(".hdf5")) {
            return readKeras(file);
        }
        String json;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
            if (entry == null) {
                throw new IllegalArgumentException(
                        "--model-file " + file + " is a zip file without " + ModelSerializer.CONFIGURATION_JSON
                                + "; save the model with DL4J's ModelSerializer.writeModel");
            }
            json = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(
                    "--model-file " + file + " is not a zip file (" + e.getMessage()
                            + "); give a model saved with DL4J's ModelSerializer.writeModel (Keras .h5 files are not read)",
                    e);
        }
        boolean multiLayer = json.contains("\"confs\"");
        try {
            ComputationGraph graph = multiLayer
                    ? ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false)
                            .toComputationGraph()
                    : ModelSerializer.restoreComputationGraph(file.toFile(), false);
            return new UserModel(file, graph, multiLayer);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--model-file " + file + " cannot be restored by DL4J (" + e.getMessage()
                            + "); save it with ModelSerializer.writeModel from DL4J 1.0.0-M2.1",
                    e);
        }
    }

    /**
     * A Keras model saved as HDF5 ({@code model.save("m.h5")}), imported with DL4J's {@link KerasModelImport}
     * (Sequential or functional), its softmax output made a DL4J output layer.
     */
    private static UserModel readKeras(Path file) throws IOException {
        try {
            ComputationGraph graph;
            boolean sequential = true;
            try {
                graph = KerasModelImport.importKerasSequentialModelAndWeights(file.toString(), false)
                        .toComputationGraph();
            } catch (InvalidKerasConfigurationException notSequential) {
                graph = KerasModelImport.importKerasModelAndWeights(file.toString(), false);
                sequential = false;
            }
            dropNoOpDropout(graph);
            return new UserModel(file, SoftmaxOutput.of(graph), sequential);
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "--model-file " + file + ": DL4J's KerasModelImport cannot read it ("
                            + firstLine(e.getMessage())
                            + "); save the Keras model as HDF5 (model.save('model.h5')) with "
                            + "layers DL4J 1.0.0-M2.1 imports, or build it in DL4J and save it with ModelSerializer",
                    e);
        }
    }

    /**
     * Keras' importer gives every layer a dropout that retains everything ({@code Dropout(1.0)}); besides costing a
     * mask per step, DL4J's dropout backprop fails on channels-last convolutions with it. It is removed.
     */
    private static void dropNoOpDropout(ComputationGraph graph) {
        for (GraphVertex vertex : graph.getConfiguration().getVertices().values()) {
            if (vertex instanceof LayerVertex layer
                    && layer.getLayerConf().getLayer().getIDropout()
                            instanceof org.deeplearning4j.nn.conf.dropout.Dropout dropout
                    && dropout.getP() == 1.0) {
                layer.getLayerConf().getLayer().setIDropout(null);
            }
        }
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** @return whether the file held a {@code MultiLayerNetwork} */
    public boolean wasMultiLayer() {
        return wasMultiLayer;
    }

    /** @return the weights as saved (for fine-tuning) */
    public INDArray weights() {
        return network.params();
    }

    /**
     * @return the number of input channels of the first convolution fed by the network input, or 0 when the
     *     input does not go straight into a convolution
     */
    public int inputChannels() {
        ComputationGraphConfiguration conf = network.getConfiguration();
        String input = conf.getNetworkInputs().get(0);
        for (var entry : conf.getVertexInputs().entrySet()) {
            if (entry.getValue().contains(input)
                    && conf.getVertices().get(entry.getKey()) instanceof LayerVertex vertex
                    && vertex.getPreProcessor() == null
                    && vertex.getLayerConf().getLayer() instanceof ConvolutionLayer conv) {
                return (int) conv.getNIn();
            }
        }
        return 0;
    }

    /**
     * The image size the model's input implies, where its configuration says it: a
     * {@code FeedForwardToCnnPreProcessor} or {@code CnnToFeedForwardPreProcessor} on the first layer gives channels,
     * height and width; a first convolution gives the channels.
     *
     * @return {@code [C, H, W]}, 0 where the model does not fix it
     */
    public int[] inputImageShape() {
        ComputationGraphConfiguration conf = network.getConfiguration();
        String input = conf.getNetworkInputs().get(0);
        for (var entry : conf.getVertexInputs().entrySet()) {
            if (entry.getValue().contains(input)
                    && conf.getVertices().get(entry.getKey()) instanceof LayerVertex vertex) {
                if (vertex.getPreProcessor() instanceof FeedForwardToCnnPreProcessor p) {
                    return new int[] {(int) p.getNumChannels(), (int) p.getInputHeight(), (int) p.getInputWidth()};
                }
                if (vertex.getPreProcessor() instanceof CnnToFeedForwardPreProcessor p) {
                    return new int[] {(int) p.getNumChannels(), (int) p.getInputHeight(), (int) p.getInputWidth()};
                }
            }
        }
        return new int[] {inputChannels(), 0, 0};
    }

    /** @return the classes each output predicts (nOut of every output layer) */
    public List<Long> outputClasses() {
        ComputationGraphConfiguration conf = network.getConfiguration();
        List<Long> classes = new ArrayList<>();
        for (String output : conf.getNetworkOutputs()) {
            GraphVertex vertex = conf.getVertices().get(output);
            Layer layer = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
            if (layer instanceof BaseOutputLayer out) {
                classes.add(out.getNOut());
            } else if (!(layer instanceof LossLayer)) {
                throw new IllegalArgumentException("--model-file " + file + ": output '" + output
                        + "' is not an output layer; the model must end in an OutputLayer (softmax)");
            }
        }
        return classes;
    }

    /** How examples are fed to the model. */
    public enum InputLayout {
        /** As they are: {@code [n, C, H, W]} or {@code [n, F]}. */
        AS_IS,
        /** Flattened to {@code [n, C·H·W]} (a model built with {@code convolutionalFlat} or {@code feedForward}). */
        FLAT,
        /** Channels last, {@code [n, H, W, C]} (a model imported from Keras' TensorFlow layout). */
        CHANNELS_LAST
    }

    /**
     * Checks the model against the data and decides how examples are fed to it.
     *
     * @param classNames the data's classes
     * @param sample a few examples of the data, {@code [n, C, H, W]} or {@code [n, F]}
     * @param shape the data's example shape, for messages
     * @return the layout the model takes the examples in
     * @throws IllegalArgumentException naming what differs and the fix
     */
    public InputLayout check(List<String> classNames, INDArray sample, String shape) {
        if (network.getConfiguration().getNetworkInputs().size() != 1
                || network.getConfiguration().getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("--model-file " + file + " has "
                    + network.getConfiguration().getNetworkInputs().size() + " inputs and "
                    + network.getConfiguration().getNetworkOutputs().size()
                    + " outputs; compare trains models with one input and one output");
        }
        List<Long> classes = outputClasses();
        if (classes.size() == 1 && classes.get(0) != classNames.size()) {
            throw new IllegalArgumentException("--model-file " + file + " predicts " + classes.get(0)
                    + " classes but the data has " + classNames.size() + " (" + String.join(", ", classNames)
                    + "); give its output layer nOut(" + classNames.size() + ") — for a trained model, DL4J's "
                    + "TransferLearning.GraphBuilder(...).nOutReplace(...) — or use data with "
                    + classes.get(0) + " classes");
        }
        int channels = inputChannels();
        if (channels > 0 && sample.rank() == 4 && channels != sample.size(1)) {
            throw new IllegalArgumentException("--model-file " + file + ": its first convolution takes " + channels
                    + " channel(s) but the images have " + sample.size(1) + "; give --channels " + channels);
        }
        String asIs = tryOutput(sample);
        if (asIs == null) {
            return InputLayout.AS_IS;
        }
        if (sample.rank() == 4) {
            if (tryOutput(sample.reshape('c', sample.size(0), -1)) == null) {
                return InputLayout.FLAT;
            }
            if (tryOutput(sample.permute(0, 2, 3, 1).dup('c')) == null) {
                return InputLayout.CHANNELS_LAST;
            }
        }
        throw new IllegalArgumentException("--model-file " + file + " does not accept the data's examples ("
                + shape + (sample.rank() == 4 ? ", also tried flattened and channels-last" : "") + "): " + asIs
                + "; give the --image-size and --channels the model was trained with, or a model for this input");
    }

    private String tryOutput(INDArray sample) {
        try {
            INDArray out = network.outputSingle(false, sample);
            return out.size(0) == sample.size(0) ? null : "the output has " + out.size(0) + " rows";
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }
    }

    /**
     * The model's configuration with the run's recipe, as {@link FineTuneConfiguration} applies it.
     *
     * @param updater the run's updater (SAM or plain)
     * @param seed the initialization seed
     * @param l2 DL4J's {@code .l2} on weights (0: none; the SAM step then applies PyTorch-style decay)
     * @return a new configuration
     */
    public ComputationGraphConfiguration configuration(IUpdater updater, long seed, double l2) {
        ComputationGraphConfiguration conf = network.getConfiguration().clone();
        FineTuneConfiguration recipe = FineTuneConfiguration.builder()
                .updater(updater)
                .seed(seed)
                .l1(0)
                .l1Bias(0)
                .l2(l2)
                .l2Bias(0)
                .weightDecay(0)
                .weightDecayBias(0)
                .build();
        recipe.applyToComputationGraphConfiguration(conf);
        recipe.applyToNeuralNetConfiguration(conf.getDefaultConfiguration()); // the seed init() draws from
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layer) { // as TransferLearning.GraphBuilder applies it, layer by layer
                recipe.applyToNeuralNetConfiguration(layer.getLayerConf());
                if (layer.getLayerConf().getLayer() instanceof BaseLayer base) {
                    base.setBiasUpdater(null); // biases follow the run's updater too
                }
            }
        }
        return conf;
    }
}

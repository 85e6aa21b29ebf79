package org.dl4jsam.experiments.catalog;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.dl4jsam.zoo.ZooPresets;
import org.dl4jsam.zoo.ZooRecipe;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/** Every model name the command line accepts: the built-in small models and the zoo presets. */
public final class ModelCatalog {
    private ModelCatalog() {}

    /** @return every model name, built-in models first */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ModelChoice m : ModelChoice.values()) {
            names.add(m.cliName());
        }
        names.addAll(ZooPresets.names());
        return names;
    }

    /**
     * Throws an error listing the names if {@code name} is unknown.
     *
     * @param name a model name
     */
    public static void validate(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException(
                    "unknown model '" + name + "'; available: " + String.join(", ", names()));
        }
    }

    /**
     * The configuration of a named model.
     *
     * @param name a model name
     * @param updater the network's updater
     * @param seed the initialization seed
     * @param l2 DL4J's {@code .l2} (0 when the SAM step applies the decay)
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param classes output classes
     * @return the configuration
     */
    public static ComputationGraphConfiguration configuration(
            String name, IUpdater updater, long seed, double l2, int channels, int height, int width, int classes) {
        validate(name);
        if (ZooPresets.contains(name)) {
            return ZooPresets.create(
                            name,
                            new ZooRecipe(
                                    classes,
                                    channels,
                                    height,
                                    width,
                                    updater,
                                    l2,
                                    seed,
                                    DataType.FLOAT)) // the runner applies PyTorch-style decay itself (l2 = 0 then)
                    .graphConfiguration();
        }
        return ModelChoice.parse(name).configuration(updater, seed, l2, channels, height, width, classes);
    }

    /**
     * The configuration of a named model for examples of a given shape.
     *
     * @param name a model name
     * @param updater the network's updater
     * @param seed the initialization seed
     * @param l2 DL4J's {@code .l2} (0 when the SAM step applies the decay)
     * @param exampleShape {@code [C, H, W]} for images, {@code [F]} for feature vectors
     * @param classes output classes
     * @return the configuration
     */
    public static ComputationGraphConfiguration configuration(
            String name, IUpdater updater, long seed, double l2, long[] exampleShape, int classes) {
        checkInput(name, exampleShape);
        if (exampleShape.length == 1) {
            return ModelChoice.parse(name)
                    .configuration(updater, seed, l2, InputType.feedForward(exampleShape[0]), classes);
        }
        return configuration(
                name, updater, seed, l2, (int) exampleShape[0], (int) exampleShape[1], (int) exampleShape[2], classes);
    }

    /**
     * Refuses a model that cannot take examples of this shape (convolutional models need images).
     *
     * @param name a model name
     * @param exampleShape {@code [C, H, W]} or {@code [F]}
     * @throws IllegalArgumentException naming the models that can
     */
    public static void checkInput(String name, long[] exampleShape) {
        validate(name);
        if (exampleShape.length == 1 && !name.equals(ModelChoice.MLP.cliName())) {
            throw new IllegalArgumentException("--model " + name + " needs images, but the examples are vectors of "
                    + exampleShape[0] + " features; use --model " + ModelChoice.MLP.cliName()
                    + " or your own network with --model-file");
        }
    }

    /**
     * @param image {@code CxHxW} with H = W, e.g. {@code 1x28x28}
     * @return {@code [C, H, W]}
     */
    public static int[] parseImage(String image) {
        String[] dims = image.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (dims.length == 3 && dims[1].equals(dims[2])) {
                return new int[] {Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2])};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--image " + image + " is not CxHxW with H = W, e.g. 1x28x28");
    }
}

package org.dl4jsam.experiments;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.dl4jsam.zoo.ZooPresets;
import org.dl4jsam.zoo.ZooRecipe;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/** Every model name the command line accepts: the built-in small models and the zoo presets. */
final class ModelCatalog {
    private ModelCatalog() {}

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ModelChoice m : ModelChoice.values()) {
            names.add(m.cliName());
        }
        names.addAll(ZooPresets.names());
        return names;
    }

    /** Throws an error listing the names if {@code name} is unknown. */
    static void validate(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException(
                    "unknown model '" + name + "'; available: " + String.join(", ", names()));
        }
    }

    static ComputationGraphConfiguration configuration(
            String name, IUpdater updater, long seed, double l2, int channels, int height, int width, int classes) {
        validate(name);
        if (ZooPresets.contains(name)) {
            return ZooPresets.create(
                            name, new ZooRecipe(classes, channels, height, width, updater, l2, seed, DataType.FLOAT))
                    .graphConfiguration();
        }
        return ModelChoice.parse(name).configuration(updater, seed, l2, channels, height, width, classes);
    }
}

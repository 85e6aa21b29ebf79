package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.file.Path;
import org.dl4jsam.experiments.catalog.ModelCatalog;
import org.dl4jsam.experiments.catalog.UserModel;
import org.dl4jsam.experiments.data.Examples;
import org.dl4jsam.experiments.data.LoadedData;
import org.dl4jsam.experiments.data.TrainingFile;
import org.dl4jsam.experiments.data.TrustedLabels;

/**
 * What a run trains and evaluates on, read and checked before anything is written: the training and test
 * examples (laid out as the model takes them), the normalization applied, the user's model and the trusted labels.
 *
 * @param train the training examples (after the configured subset)
 * @param test the test examples
 * @param normalization what was applied to the features, for the report
 * @param userModel the {@code --model-file}, or null
 * @param trusted where the {@code --trusted-labels} examples are, or null
 * @param trainingFile a built-in dataset's whole training set, which label files index, or null for own data
 */
public record RunInputs(
        Examples train,
        Examples test,
        String normalization,
        UserModel userModel,
        TrustedLabels.Located trusted,
        TrainingFile trainingFile) {
    /**
     * Reads and checks the data and the model of a run; nothing is written.
     *
     * @param config the run
     * @return the inputs
     * @throws IOException if a file is missing or malformed
     */
    public static RunInputs load(ExperimentConfig config) throws IOException {
        ExperimentConfig.Data c = config.data();
        LoadedData loaded = LoadedData.load(
                c.source(), c.own(), c.dataDir() == null ? null : Path.of(c.dataDir()), c.trainSize(), c.testSize());
        Examples train = loaded.train();
        Examples test = loaded.test();
        UserModel userModel = null;
        Path modelFile = config.training().modelFile();
        if (modelFile != null) {
            userModel = UserModel.read(modelFile);
            UserModel.InputLayout layout = userModel.check(
                    train.classNames(),
                    train.features().rows(new int[] {0, Math.min(1, train.size() - 1)}),
                    train.describeShape());
            if (layout == UserModel.InputLayout.FLAT) {
                train = train.flattened();
                test = test.flattened();
            } else if (layout == UserModel.InputLayout.CHANNELS_LAST) {
                if (config.data().augment()) {
                    throw new IllegalArgumentException("--augment crops and flips channels-first images; the model "
                            + "takes them channels last (Keras' layout) — drop --augment");
                }
                train = train.channelsLast();
                test = test.channelsLast();
            }
        } else {
            ModelCatalog.checkInput(config.training().model(), train.exampleShape());
        }
        if (config.data().augment() && !train.isImage()) {
            throw new IllegalArgumentException("--augment crops and flips images; the examples are "
                    + train.describeShape() + " — drop --augment");
        }
        TrustedLabels.Located trusted = null;
        if (c.own() != null && c.own().trustedLabels() != null) {
            trusted = TrustedLabels.read(Path.of(c.own().trustedLabels()), train.classNames())
                    .locate(train, test);
        }
        return new RunInputs(train, test, loaded.normalization(), userModel, trusted, loaded.trainingFile());
    }
}

package org.dl4jsam.experiments;

import java.io.IOException;
import java.nio.file.Path;
import org.dl4jsam.experiments.catalog.UserModel;
import org.dl4jsam.experiments.compare.ExperimentConfig;
import org.dl4jsam.experiments.compare.LearningRateSchedule;
import org.dl4jsam.experiments.compare.WeightDecayMode;
import org.dl4jsam.experiments.data.DataSource;
import org.dl4jsam.experiments.data.OwnDataSpec;
import picocli.CommandLine.Option;

/**
 * The options that say what is trained and how, shared by {@code compare} and {@code label-issues}: the model (a
 * built-in architecture or the user's file), momentum SGD and its schedule, weight decay, the SAM presets'
 * hyper-parameters and the subset sizes.
 */
public final class TrainingOptions {
    /** The built-in model, or null for the data's default. */
    @Option(
            names = "--model",
            description = "small-cnn, cnn, small-resnet, mlp or a zoo preset (see `dl4j-sam models`); "
                    + "default: small-cnn for images, mlp for a CSV file")
    public String model;

    /** The user's model file, or null. */
    @Option(
            names = "--model-file",
            description = "your own network: a DL4J ModelSerializer zip (ComputationGraph or MultiLayerNetwork), "
                    + "trained from a fresh initialization with the run's optimizer and weight decay")
    public Path modelFile;

    /** Whether to start from the model file's weights. */
    @Option(names = "--fine-tune", description = "with --model-file: start from its saved weights")
    public boolean fineTune;

    /** Training epochs. */
    @Option(names = "--epochs")
    public int epochs = 20;

    /** Minibatch size. */
    @Option(names = "--batch-size")
    public int batchSize = 128;

    /** Initial learning rate. */
    @Option(names = "--lr", description = "initial learning rate of momentum SGD")
    public double learningRate = 0.01;

    /** The learning-rate schedule. */
    @Option(
            names = "--lr-schedule",
            completionCandidates = LearningRateSchedule.Names.class,
            converter = LearningRateSchedule.Converter.class,
            description = "${COMPLETION-CANDIDATES} (step: ÷10 at 50%% and ÷100 at 75%% of the epochs)")
    public LearningRateSchedule lrSchedule = LearningRateSchedule.STEP;

    /** Heavy-ball momentum. */
    @Option(names = "--momentum")
    public double momentum = 0.9;

    /** Coupled weight decay λ. */
    @Option(names = "--weight-decay", description = "coupled weight decay λ (PyTorch's SGD weight_decay)")
    public double weightDecay = 5e-4;

    /** Where the weight decay acts. */
    @Option(
            names = "--weight-decay-mode",
            completionCandidates = WeightDecayMode.Names.class,
            converter = WeightDecayMode.Converter.class,
            description = "${COMPLETION-CANDIDATES}: pytorch is λ on every trainable parameter, as the papers "
                    + "(biases and BatchNorm γ/β too); dl4j-l2 is DL4J's .l2, weights only")
    public WeightDecayMode weightDecayMode = WeightDecayMode.PYTORCH;

    /** SAM radius ρ. */
    @Option(names = "--rho", description = "SAM radius")
    public double rho = 0.1;

    /** SANER's α. */
    @Option(names = "--alpha", description = "SANER's α")
    public double alpha = 0.5;

    /** SANER's warm-up in epochs (−1: a quarter of the epochs). */
    @Option(
            names = "--alpha-warmup",
            description = "epochs over which SANER's α rises from 0 (the paper: 25%% of training; default: epochs/4)")
    public int alphaWarmup = -1;

    /** Training examples kept, or null for the data's default. */
    @Option(
            names = "--train-size",
            description = "training examples (class-stratified subset; 0: all; default: 4000 of a built-in "
                    + "dataset, all of your own)")
    public Integer trainSize;

    /** Test examples kept, or null for the data's default. */
    @Option(
            names = "--test-size",
            description = "test examples (first n; 0: all; default: 2000 of a built-in dataset, all of your own)")
    public Integer testSize;

    /** Regularized SGD's λ_a. */
    @Option(
            names = "--activation-penalty",
            description = "rsgd: λ_a of the L2 penalty on the last hidden layer's activations",
            defaultValue = "0.01")
    public double activationPenalty;

    /** Regularized SGD's λ_w. */
    @Option(
            names = "--last-layer-decay",
            description = "rsgd: λ_w of the L2 penalty on the last layer's weights",
            defaultValue = "0.01")
    public double lastLayerDecay;

    /**
     * @param data the data options
     * @param validationFraction the noisy validation split
     * @param augment crop + flip augmentation
     * @return the run's data, own-data images sized for a {@code --model-file} unless the user chose a size
     * @throws IOException if the model file cannot be read
     */
    public ExperimentConfig.Data data(DataOptions data, double validationFraction, boolean augment) throws IOException {
        boolean own = data.dataset.isOwn();
        OwnDataSpec ownData = data.own();
        if (modelFile != null && data.dataset instanceof DataSource.Images) {
            ownData = ownData.withModelInput(UserModel.read(modelFile).inputImageShape());
        }
        if (data.dataset instanceof DataSource.BuiltIn builtIn) {
            builtIn.dataset().checkAvailable(data.dataDir);
        }
        return new ExperimentConfig.Data(
                data.dataset.argument(),
                data.dataDir == null ? null : data.dataDir.toString(),
                data.cifarNFile == null ? null : data.cifarNFile.toString(),
                data.noiseArgument(),
                trainSize != null ? trainSize : own ? 0 : 4000,
                testSize != null ? testSize : own ? 0 : 2000,
                validationFraction,
                augment,
                ownData);
    }

    /**
     * @param data the data options (a CSV file defaults to the {@code mlp})
     * @return the model and base optimizer
     */
    public ExperimentConfig.Training training(DataOptions data) {
        if (modelFile != null && model != null) {
            throw new IllegalArgumentException(
                    "give --model (a built-in architecture) or --model-file (your network), not both");
        }
        String modelName = modelFile != null
                ? ExperimentConfig.Training.MODEL_FILE + modelFile
                : model != null ? model : data.dataset instanceof DataSource.Csv ? "mlp" : "small-cnn";
        return new ExperimentConfig.Training(
                modelName,
                epochs,
                batchSize,
                learningRate,
                lrSchedule,
                momentum,
                weightDecay,
                weightDecayMode.cliName(),
                fineTune);
    }

    /** @return the SAM presets' and regularized SGD's hyper-parameters */
    public ExperimentConfig.Sam sam() {
        return new ExperimentConfig.Sam(
                rho,
                alpha,
                alphaWarmup >= 0 ? alphaWarmup : Math.max(0, epochs / 4),
                activationPenalty,
                lastLayerDecay);
    }
}

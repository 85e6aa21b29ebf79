package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-sam compare}: train each optimizer (and seed) on the same data, label noise and
 * initialization, and write {@code results.json}, {@code report.md} and PNG charts. The defaults
 * are the demo: Fashion-MNIST with 40% symmetric noise, a small CNN, SGD vs SAM vs SANER vs AE-SAM
 * with the papers' protocol scaled to minutes on two cores.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Compare optimizers under label noise: memorization, test accuracy and cost.")
public final class CompareCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    org.dl4jsam.experiments.DataOptions data = new org.dl4jsam.experiments.DataOptions();

    @Option(
            names = "--model",
            description = "small-cnn, cnn, small-resnet, mlp or a zoo preset (see `dl4j-sam models`); "
                    + "default: small-cnn for images, mlp for a CSV file")
    String model;

    @Option(
            names = "--model-file",
            description = "your own network: a DL4J ModelSerializer zip (ComputationGraph or MultiLayerNetwork), "
                    + "trained from a fresh initialization with the run's optimizer and weight decay")
    Path modelFile;

    @Option(names = "--fine-tune", description = "with --model-file: start from its saved weights")
    boolean fineTune;

    @Option(
            names = "--optimizers",
            split = ",",
            description = "comma list of SAM presets, or rsgd (regularized SGD), each optionally +gce or +bootstrap "
                    + "for a robust loss: "
                    + "${sys:dl4j-sam.presets}")
    List<String> optimizers = List.of("erm", "sam", "saner", "ae-sam");

    @Option(names = "--epochs")
    int epochs = 20;

    @Option(names = "--batch-size")
    int batchSize = 128;

    @Option(names = "--lr", description = "initial learning rate of momentum SGD")
    double learningRate = 0.01;

    @Option(
            names = "--lr-schedule",
            completionCandidates = LearningRateSchedule.Names.class,
            converter = LearningRateSchedule.Converter.class,
            description = "${COMPLETION-CANDIDATES} (step: ÷10 at 50%% and ÷100 at 75%% of the epochs)")
    LearningRateSchedule lrSchedule = LearningRateSchedule.STEP;

    @Option(names = "--momentum")
    double momentum = 0.9;

    @Option(names = "--weight-decay", description = "coupled weight decay λ (PyTorch's SGD weight_decay)")
    double weightDecay = 5e-4;

    @Option(
            names = "--weight-decay-mode",
            completionCandidates = WeightDecayMode.Names.class,
            converter = WeightDecayMode.Converter.class,
            description = "${COMPLETION-CANDIDATES}: pytorch is λ on every trainable parameter, as the papers "
                    + "(biases and BatchNorm γ/β too); dl4j-l2 is DL4J's .l2, weights only")
    WeightDecayMode weightDecayMode = WeightDecayMode.PYTORCH;

    @Option(names = "--rho", description = "SAM radius")
    double rho = 0.1;

    @Option(names = "--alpha", description = "SANER's α")
    double alpha = 0.5;

    @Option(
            names = "--alpha-warmup",
            description = "epochs over which SANER's α rises from 0 (the paper: 25%% of training; default: epochs/4)")
    int alphaWarmup = -1;

    @Option(
            names = "--train-size",
            description = "training examples (class-stratified subset; 0: all; default: 4000 of a built-in "
                    + "dataset, all of your own)")
    Integer trainSize;

    @Option(
            names = "--test-size",
            description = "test examples (first n; 0: all; default: 2000 of a built-in dataset, all of your own)")
    Integer testSize;

    @Option(names = "--validation-fraction", description = "noisy validation split for model selection")
    double validationFraction = 0.1;

    @Option(names = "--augment", description = "random crop + flip (CIFAR)")
    boolean augment;

    @Option(names = "--seeds", split = ",", description = "comma list of seeds")
    List<Long> seeds = List.of(1L);

    @Option(names = "--out", description = "new run directory (default: runs/compare-TIMESTAMP)")
    Path out;

    @Option(names = "--resume", description = "continue the interrupted run in this directory (other options ignored)")
    Path resume;

    @Option(
            names = "--spark",
            description = "train each epoch through DL4J's Spark parameter averaging on this master, e.g. local[2] "
                    + "(local[N]: N workers)")
    String spark;

    @Option(
            names = "--averaging-frequency",
            description = "with --spark: minibatches each worker fits between two averagings",
            defaultValue = "5")
    int averagingFrequency;

    @Option(
            names = "--activation-penalty",
            description = "rsgd: λ_a of the L2 penalty on the last hidden layer's activations",
            defaultValue = "0.01")
    double activationPenalty;

    @Option(
            names = "--last-layer-decay",
            description = "rsgd: λ_w of the L2 penalty on the last layer's weights",
            defaultValue = "0.01")
    double lastLayerDecay;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Option(names = "--stop-after", hidden = true, description = "stop after N epochs, as an interruption would")
    int stopAfter;

    @Override
    public Integer call() throws IOException {
        java.io.PrintWriter out = spec.commandLine().getOut();
        ExperimentResults results;
        Path runDir;
        if (resume != null) {
            runDir = resume;
            results = ExperimentResults.read(runDir);
            out.println("resuming " + runDir);
        } else {
            boolean own = data.dataset.isOwn();
            if (modelFile != null && model != null) {
                throw new IllegalArgumentException(
                        "give --model (a built-in architecture) or --model-file (your network), not both");
            }
            String modelName = modelFile != null
                    ? ExperimentConfig.Training.MODEL_FILE + modelFile
                    : model != null
                            ? model
                            : data.dataset instanceof org.dl4jsam.experiments.data.DataSource.Csv ? "mlp" : "small-cnn";
            org.dl4jsam.experiments.data.OwnDataSpec ownData = data.own();
            if (modelFile != null && data.dataset instanceof org.dl4jsam.experiments.data.DataSource.Images) {
                // images are read at the size and channels the model takes unless the user chose them
                ownData = ownData.withModelInput(org.dl4jsam.experiments.catalog.UserModel.read(modelFile)
                        .inputImageShape());
            }
            ExperimentConfig config = new ExperimentConfig(
                    new ExperimentConfig.Data(
                            data.dataset.argument(),
                            data.dataDir == null ? null : data.dataDir.toString(),
                            data.cifarNFile == null ? null : data.cifarNFile.toString(),
                            data.noiseArgument(),
                            trainSize != null ? trainSize : own ? 0 : 4000,
                            testSize != null ? testSize : own ? 0 : 2000,
                            validationFraction,
                            augment,
                            ownData),
                    new ExperimentConfig.Training(
                            modelName,
                            epochs,
                            batchSize,
                            learningRate,
                            lrSchedule,
                            momentum,
                            weightDecay,
                            weightDecayMode.cliName(),
                            fineTune),
                    new ExperimentConfig.Sam(
                            rho,
                            alpha,
                            alphaWarmup >= 0 ? alphaWarmup : Math.max(0, epochs / 4),
                            activationPenalty,
                            lastLayerDecay),
                    optimizers,
                    seeds,
                    spark == null ? null : ExperimentConfig.Spark.of(spark, averagingFrequency));
            if (data.dataset instanceof org.dl4jsam.experiments.data.DataSource.BuiltIn builtIn) {
                builtIn.dataset().checkAvailable(data.dataDir);
            }
            runDir = this.out != null
                    ? this.out
                    : Path.of(
                            "runs",
                            "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            if (Files.exists(runDir) && (!Files.isDirectory(runDir) || hasEntries(runDir))) {
                throw new FileAlreadyExistsException(
                        runDir.toString(),
                        null,
                        "output directory " + runDir + " exists; choose another --out, or continue it with --resume "
                                + runDir);
            }
            results = new ExperimentResults(config);
        }
        long start = System.nanoTime();
        boolean progress = !noProgress && System.console() != null;
        ExperimentRunner runner = new ExperimentRunner(results.config, runDir, progress, out, stopAfter);
        ExperimentRunner.Data data = runner.load(); // bad sizes or files fail here, before anything is written
        if (resume == null) {
            Files.createDirectories(runDir);
            results.write(runDir);
        }
        try {
            runner.run(results, data);
        } catch (ExperimentRunner.Stopped stopped) {
            out.println(stopped.getMessage() + "; continue with: ./dl4j-sam compare --resume " + runDir);
            return 0;
        } catch (Exception failed) { // Spark throws its exceptions unchecked, whatever their type
            if (resume == null && results.runs.stream().allMatch(r -> r.epochs.isEmpty())) {
                deleteRecursively(runDir); // failed before its first epoch: nothing worth resuming stays behind
            }
            throw failed;
        }
        List<String> charts = Charts.write(runDir, results);
        Report.write(runDir, results, charts);
        out.println();
        out.print(Report.table(Report.summaries(results)));
        out.println();
        out.print(Report.recommendation(Report.summaries(results)));
        out.printf(
                "%nwrote %s (results.json, report.md, %s) in %.0f s%n",
                runDir, String.join(", ", charts), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    @Override
    public String toString() {
        return "compare " + Arrays.asList(data.dataset.argument(), data.noiseArgument(), model, optimizers);
    }
}

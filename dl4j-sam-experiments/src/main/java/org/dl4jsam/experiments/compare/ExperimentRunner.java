package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsam.experiments.catalog.ModelCatalog;
import org.dl4jsam.noisylabels.datasets.ImageDataset;
import org.dl4jsam.noisylabels.datasets.Subsets;
import org.dl4jsam.noisylabels.dl4j.CropFlipAugmentation;
import org.dl4jsam.noisylabels.dl4j.NoisyLabelIterator;
import org.dl4jsam.noisylabels.metrics.EpochMetrics;
import org.dl4jsam.noisylabels.metrics.MemorizationEvaluator;
import org.dl4jsam.updaters.SanerNoiseAlignment;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Trains every (seed, optimizer) pair of a {@link ExperimentConfig} on the same data, noise and
 * initialization, measuring memorization every epoch. After every epoch it checkpoints the model
 * (with optimizer and SAM state) and then rewrites {@code results.json}; a resumed run restarts
 * each unfinished pair from its checkpoint and reproduces the uninterrupted result.
 */
final class ExperimentRunner {
    private final ExperimentConfig config;
    private final Path runDir;
    private final boolean showProgress;
    private final PrintWriter out;
    private final int stopAfterEpochs;
    private int epochsThisSession;

    /** Thrown when the session's epoch budget is used up; the run directory is consistent and resumable. */
    /** Examples in SANER's alignment probe batch (the first of the training split, fixed order). */
    static final int ALIGNMENT_PROBE = 256;

    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(int epochs) {
            super("stopped after " + epochs + " epoch(s) in this session");
        }
    }

    /**
     * @param stopAfterEpochs stop (as an interruption would, after a checkpoint) once this many epochs
     *     were trained in this session; 0: never
     */
    ExperimentRunner(ExperimentConfig config, Path runDir, boolean showProgress, PrintWriter out, int stopAfterEpochs) {
        this.config = config;
        this.runDir = runDir;
        this.showProgress = showProgress;
        this.out = out;
        this.stopAfterEpochs = stopAfterEpochs;
    }

    /** The training set after the configured subset, and the test set. */
    record Data(ImageDataset train, ImageDataset test, INDArray trainFeatures, INDArray testFeatures) {}

    Data load() throws IOException {
        DatasetChoice dataset = DatasetChoice.parse(config.data().dataset());
        Path dataDir =
                config.data().dataDir() == null ? null : Path.of(config.data().dataDir());
        ImageDataset train = dataset.read(dataDir, true);
        ImageDataset test = dataset.read(dataDir, false);
        if (test.channels() != train.channels() || test.height() != train.height() || test.width() != train.width()) {
            throw new IllegalArgumentException(String.format(
                    "the %s test images are %d×%d×%d but the training images %d×%d×%d: both files must hold images "
                            + "of one size; check the test files in the data directory",
                    dataset.cliName(),
                    test.channels(),
                    test.height(),
                    test.width(),
                    train.channels(),
                    train.height(),
                    train.width()));
        }
        if (config.data().trainSize() > train.size() || config.data().testSize() > test.size()) {
            throw new IllegalArgumentException(String.format(
                    "--train-size %d / --test-size %d exceed the %d training / "
                            + "%d test examples of %s; use smaller sizes (0: all)",
                    config.data().trainSize(), config.data().testSize(), train.size(), test.size(), dataset.cliName()));
        }
        if (config.data().trainSize() > 0) {
            train = train.subset(Subsets.stratified(
                    train.labels(), train.numClasses(), config.data().trainSize(), 0));
        }
        if (config.data().testSize() > 0) {
            test = test.subset(Subsets.firstN(config.data().testSize(), test.size()));
        }
        return new Data(train, test, train.features(dataset.normalization()), test.features(dataset.normalization()));
    }

    void run(ExperimentResults results, Data data) throws IOException {
        Files.createDirectories(runDir.resolve("checkpoints"));
        DatasetChoice dataset = DatasetChoice.parse(config.data().dataset());
        out.printf(
                "%s: %d training (%.0f%% held out as noisy validation) and %d test examples, noise %s, model %s%n",
                dataset.cliName(),
                data.train().size(),
                100 * config.data().validationFraction(),
                data.test().size(),
                config.data().noise(),
                config.training().model());
        out.flush();
        if (config.spark() != null) {
            out.printf(
                    "training through Spark parameter averaging: master %s, %d workers, averaging every %d minibatches%n",
                    config.spark().master(),
                    config.spark().workers(),
                    config.spark().averagingFrequency());
            out.flush();
        }
        try (SparkEpochs spark = config.spark() == null ? null : new SparkEpochs(config.spark())) {
            runSeeds(results, data, dataset, spark);
        }
        results.write(runDir);
    }

    private void runSeeds(ExperimentResults results, Data data, DatasetChoice dataset, SparkEpochs spark)
            throws IOException {
        for (long seed : config.seeds()) {
            NoiseArgument.Outcome noise = NoiseArgument.apply(
                    config.data().noise(),
                    dataset,
                    data.train(),
                    config.data().cifarNFile() == null
                            ? null
                            : Path.of(config.data().cifarNFile()),
                    seed);
            results.noise.put(Long.toString(seed), noise.manifest());
            out.printf(
                    "seed %d: realised noise rate %.4f (%d of %d labels)%n",
                    seed,
                    noise.manifest().realisedRate(),
                    noise.manifest().noisyCount(),
                    noise.manifest().numExamples());
            out.flush();
            Subsets.Split split = Subsets.validationSplit(
                    IntStream.range(0, data.train().size()).toArray(),
                    config.data().validationFraction(),
                    seed);
            MemorizationEvaluator evaluator = new MemorizationEvaluator(
                    data.trainFeatures(),
                    noise.labels(),
                    split.train(),
                    split.validation(),
                    data.testFeatures(),
                    data.test().labels());
            for (String name : config.optimizers()) {
                ExperimentResults.Run run = results.run(name, seed);
                if (!run.completed) {
                    train(OptimizerChoice.parse(name), seed, data, noise, split, evaluator, run, results, spark);
                }
            }
        }
    }

    private void train(
            OptimizerChoice optimizer,
            long seed,
            Data data,
            NoiseArgument.Outcome noise,
            Subsets.Split split,
            MemorizationEvaluator evaluator,
            ExperimentResults.Run run,
            ExperimentResults results,
            SparkEpochs spark)
            throws IOException {
        int stepsPerEpoch = (split.train().length + config.training().batchSize() - 1)
                / config.training().batchSize();
        Path checkpoint = runDir.resolve("checkpoints").resolve(optimizer.cliName() + "-seed" + seed + ".zip");
        ComputationGraph network = null;
        if (Files.isRegularFile(checkpoint)) {
            network = optimizer.usesSamStep(config)
                    ? SharpnessAware.restoreComputationGraph(checkpoint.toFile(), true)
                    : ModelSerializer.restoreComputationGraph(checkpoint.toFile(), true);
            int done = network.getEpochCount();
            if (run.epochs.size() < done) {
                network = null; // results.json lost the last record: redo this pair from scratch
            } else {
                run.epochs.subList(done, run.epochs.size()).clear();
            }
        }
        if (network == null) {
            run.epochs.clear();
            IUpdater updater = optimizer.updater(
                    baseUpdater(stepsPerEpoch), config, (long) config.training().epochs() * stepsPerEpoch);
            ImageDataset train = data.train();
            network = new ComputationGraph(optimizer.model(
                    ModelCatalog.configuration(
                            config.training().model(),
                            updater,
                            seed,
                            config.training().pytorchWeightDecay()
                                    ? 0.0
                                    : config.training().weightDecay(), // DL4J .l2 only in dl4j-l2 mode
                            train.channels(),
                            train.height(),
                            train.width(),
                            train.numClasses()),
                    config));
            network.init();
            if (optimizer.usesSamStep(config)) {
                SharpnessAware.attachTo(network);
            }
        }
        int start = network.getEpochCount();
        NoisyLabelIterator iterator = new NoisyLabelIterator(
                data.trainFeatures(),
                noise.labels().noisy(),
                data.train().numClasses(),
                split.train(),
                config.training().batchSize(),
                true,
                seed,
                config.data().augment() ? CropFlipAugmentation.STANDARD : null);
        java.util.Optional<SanerConfig> saner = optimizer.saner(config);
        DataSet probe = null;
        boolean[] probeNoisy = null;
        if (saner.isPresent()) { // SANER's alignment diagnostic: the first training examples, in a fixed order
            NoisyLabelIterator probes = new NoisyLabelIterator(
                    data.trainFeatures(),
                    noise.labels().noisy(),
                    data.train().numClasses(),
                    split.train(),
                    ALIGNMENT_PROBE,
                    false,
                    seed,
                    null);
            probe = probes.next();
            probeNoisy = noise.labels().isNoisy(NoisyLabelIterator.exampleIndices(probe));
            boolean anyNoisy = false;
            for (boolean flag : probeNoisy) {
                anyNoisy |= flag;
            }
            if (!anyNoisy) {
                probe = null; // clean labels: nothing to align with
            }
        }
        try (ProgressBar progress =
                progressBar(optimizer, seed, (long) (config.training().epochs() - start) * stepsPerEpoch)) {
            EpochStatsListener stats = new EpochStatsListener(progress);
            List<TrainingListener> listeners = new ArrayList<>(network.getListeners());
            listeners.add(stats);
            network.setListeners(listeners);
            if (optimizer.usesSamStep(config)) {
                SharpnessAware.attachTo(network); // idempotent: keeps the restored listener and its state first
            }
            SparkEpochs.Network sparkNetwork = spark == null
                    ? null
                    : spark.network(
                            network,
                            optimizer.usesSamStep(config),
                            config.training().batchSize(),
                            seed);
            for (int epoch = start; epoch < config.training().epochs(); epoch++) {
                long begin = System.nanoTime();
                iterator.setEpoch(epoch);
                stats.reset();
                if (sparkNetwork == null) {
                    network.fit(iterator);
                } else {
                    sparkNetwork.fitEpoch(iterator);
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                EpochMetrics m = evaluator.evaluate(network, epoch + 1);
                SanerNoiseAlignment.Alignment alignment = saner.isEmpty() || probe == null
                        ? null
                        : SanerNoiseAlignment.measure(
                                network,
                                Batch.of(probe),
                                probeNoisy,
                                config.sam().rho(),
                                saner.get().group());
                double meanLoss = sparkNetwork == null
                        ? stats.meanLoss()
                        : sparkNetwork.stats().meanLoss();
                double passes = sparkNetwork == null
                        ? stats.passes()
                        : sparkNetwork.stats().passes();
                double secondPassFraction = sparkNetwork == null
                        ? stats.secondPassFraction()
                        : sparkNetwork.stats().secondPassFraction();
                run.epochs.add(new ExperimentResults.Epoch(
                        epoch + 1,
                        meanLoss,
                        m.noisyLabelAccuracy(),
                        m.noisyTrueAccuracy(),
                        m.cleanTrainAccuracy(),
                        m.cleanNoisyGap(),
                        m.noisyValidationAccuracy(),
                        m.testAccuracy(),
                        passes,
                        secondPassFraction,
                        seconds,
                        alignment == null ? null : alignment.downWeightedCosine(),
                        alignment == null ? null : alignment.keptCosine()));
                if (progress != null) {
                    progress.setExtraMessage(String.format(
                            " epoch %d: test %.1f%%, memorized %.1f%%",
                            epoch + 1, 100 * m.testAccuracy(), 100 * m.noisyLabelAccuracy()));
                }
                saveCheckpoint(network, checkpoint);
                run.completed = epoch + 1 == config.training().epochs();
                results.write(runDir);
                if (++epochsThisSession == stopAfterEpochs) {
                    throw new Stopped(epochsThisSession);
                }
            }
        }
        ExperimentResults.Epoch last = run.epochs.get(run.epochs.size() - 1);
        out.printf(
                "%-10s seed %d: final test %.2f%%, memorization %.2f%%, clean train %.2f%%, %.0f s%n",
                optimizer.cliName(),
                seed,
                100 * last.testAccuracy(),
                100 * last.noisyLabelAccuracy(),
                100 * last.cleanTrainAccuracy(),
                run.wallSeconds());
        out.flush();
    }

    private IUpdater baseUpdater(int stepsPerEpoch) {
        double lr = config.training().learningRate();
        ISchedule schedule =
                config.training().lrSchedule().schedule(lr, config.training().epochs(), stepsPerEpoch);
        return schedule == null
                ? new MomentumSgd(lr, config.training().momentum())
                : new MomentumSgd(schedule, config.training().momentum());
    }

    private static void saveCheckpoint(ComputationGraph network, Path checkpoint) throws IOException {
        Path temp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
        SharpnessAware.writeModel(network, temp.toFile(), true);
        Files.move(temp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ProgressBar progressBar(OptimizerChoice optimizer, long seed, long steps) {
        if (!showProgress) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(String.format("%-10s seed %d", optimizer.cliName(), seed))
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" steps", 1)
                .showSpeed()
                .build();
    }
}

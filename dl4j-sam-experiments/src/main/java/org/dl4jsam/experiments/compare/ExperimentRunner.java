package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsam.experiments.data.DataSource;
import org.dl4jsam.experiments.data.Fingerprints;
import org.dl4jsam.noisylabels.datasets.Subsets;
import org.dl4jsam.noisylabels.dl4j.CropFlipAugmentation;
import org.dl4jsam.noisylabels.dl4j.NoisyLabelIterator;
import org.dl4jsam.noisylabels.metrics.EpochMetrics;
import org.dl4jsam.noisylabels.metrics.MemorizationEvaluator;
import org.dl4jsam.updaters.SanerNoiseAlignment;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains every (seed, optimizer) pair of a {@link ExperimentConfig} on the same data, noise and
 * initialization, measuring memorization every epoch. The pairs are independent jobs; several run at once on
 * their own threads, each with the configuration's fixed ND4J thread count, so a job's numbers do not depend on
 * how many run beside it. After every epoch a job checkpoints its model (with optimizer and SAM state) and then
 * rewrites {@code results.json}; a resumed run restarts each unfinished pair from its checkpoint and reproduces
 * the uninterrupted result.
 */
final class ExperimentRunner {
    private final ExperimentConfig config;
    private final Path runDir;
    private final boolean showProgress;
    private final PrintWriter out;
    private final int stopAfterEpochs;
    private final int parallelJobs;
    private final AtomicInteger epochsThisSession = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private JobProgress progress;

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
     * @param parallelJobs how many (optimizer, seed) jobs train at once
     */
    ExperimentRunner(
            ExperimentConfig config,
            Path runDir,
            boolean showProgress,
            PrintWriter out,
            int stopAfterEpochs,
            int parallelJobs) {
        this.config = config;
        this.runDir = runDir;
        this.showProgress = showProgress;
        this.out = out;
        this.stopAfterEpochs = stopAfterEpochs;
        this.parallelJobs = parallelJobs;
    }

    /**
     * Reads and checks the data and the model; nothing is written.
     *
     * @return the data
     * @throws IOException if a file is missing or malformed
     */
    RunInputs load() throws IOException {
        return RunInputs.load(config);
    }

    void run(ExperimentResults results, RunInputs data) throws IOException {
        Files.createDirectories(runDir.resolve("checkpoints"));
        DataSource dataset = config.data().source();
        out.printf(
                "%s: %d training (%.0f%% held out as noisy validation) and %d test examples of %s, noise %s, "
                        + "model %s%n",
                dataset.argument(),
                data.train().size(),
                100 * config.data().validationFraction(),
                data.test().size(),
                data.train().describeShape(),
                config.data().noise(),
                config.training().model());
        out.printf(
                "kernels: %s; up to %d job(s) at once, %d thread(s) each%n",
                org.dl4jsam.experiments.OneDnn.inUse() ? "oneDNN" : "DL4J's built-in",
                config.spark() == null ? parallelJobs : 1,
                config.threadsPerJob());
        if (dataset.isOwn()) {
            out.printf(
                    "classes: %s; normalization: %s%n", classList(data.train().classNames()), data.normalization());
        }
        if (data.trusted() != null) {
            out.printf(
                    "trusted labels: %d hand-checked examples (%d training, %d test)%n",
                    data.trusted().size(),
                    data.trusted().train().length,
                    data.trusted().test().length);
        }
        results.checkInput(
                "training examples",
                Fingerprints.of(data.train()),
                "the data directory, the data files or --train-size");
        results.checkInput("test examples", Fingerprints.of(data.test()), "the data directory or the data files");
        if (config.training().modelFile() != null) {
            results.checkInput(
                    "model file", Fingerprints.ofFile(config.training().modelFile()), "--model-file");
        }
        results.data = new ExperimentResults.DataSummary(
                data.train().classNames(),
                data.train().size(),
                data.test().size(),
                data.train().describeShape(),
                data.normalization());
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

    static String classList(java.util.List<String> names) {
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            text.append(k == 0 ? "" : ", ").append(k).append(" = ").append(names.get(k));
        }
        return text.toString();
    }

    private void runSeeds(ExperimentResults results, RunInputs data, DataSource dataset, SparkEpochs spark)
            throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (long seed : config.seeds()) {
            NoiseArgument.Outcome noise = NoiseArgument.apply(
                    config.data().noise(),
                    dataset,
                    data.train(),
                    data.trainingFile(),
                    config.data().cifarNFile() == null
                            ? null
                            : Path.of(config.data().cifarNFile()),
                    seed);
            results.checkInput(
                    "noisy labels of seed " + seed,
                    Fingerprints.of(noise.labels().noisy()),
                    "the label file of --noise or --cifarn-file");
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
                    data.train().features(),
                    noise.labels(),
                    split.train(),
                    split.validation(),
                    data.test().features(),
                    data.test().labels());
            TrustedSubsetMetrics trusted = null;
            if (data.trusted() != null) {
                int[] trainedOn = new int[data.train().size()];
                for (int i : split.train()) {
                    trainedOn[i] = 1;
                }
                trusted = new TrustedSubsetMetrics(
                        data.trusted(),
                        data.train(),
                        data.test(),
                        trainedOn,
                        noise.labels().noisy());
            }
            Evaluators evaluators = new Evaluators(evaluator, trusted);
            for (String name : config.optimizers()) {
                ExperimentResults.Run run = results.run(name, seed);
                if (!run.completed) {
                    jobs.add(new Job(OptimizerChoice.parse(name), seed, noise, split, evaluators, run));
                }
            }
        }
        int stepsPerEpoch =
                stepsPerEpoch(jobs.isEmpty() ? 0 : jobs.get(0).split().train().length);
        long steps = jobs.stream()
                .mapToLong(job ->
                        (long) (config.training().epochs() - job.run().epochs.size()) * stepsPerEpoch)
                .sum();
        try (JobProgress bar = JobProgress.of(showProgress, steps)) {
            progress = bar;
            if (parallelJobs == 1 || jobs.size() < 2 || spark != null) {
                for (Job job : jobs) {
                    if (stopping.get()) {
                        break;
                    }
                    train(job, data, results, spark);
                }
            } else {
                runConcurrently(jobs, data, results);
            }
        }
        if (stopping.get() && jobs.stream().anyMatch(job -> !job.run().completed)) {
            throw new Stopped(epochsThisSession.get());
        }
    }

    /** An (optimizer, seed) pair to train, with its seed's noise, split and evaluators and its results entry. */
    private record Job(
            OptimizerChoice optimizer,
            long seed,
            NoiseArgument.Outcome noise,
            Subsets.Split split,
            Evaluators evaluators,
            ExperimentResults.Run run) {
        String name() {
            return optimizer.cliName() + " s" + seed;
        }
    }

    private int stepsPerEpoch(int trainingExamples) {
        return (trainingExamples + config.training().batchSize() - 1)
                / config.training().batchSize();
    }

    /**
     * Trains the jobs on {@code parallelJobs} threads, in order. A job that fails or is stopped makes the others
     * stop at their next epoch end (after its checkpoint) and the queued ones not start; the first failure is
     * then thrown (a real error before a {@link Stopped}).
     */
    private void runConcurrently(List<Job> jobs, RunInputs data, ExperimentResults results) throws IOException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelJobs, jobs.size()), task -> {
            Thread thread = new Thread(task, "compare-job-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> futures = new ArrayList<>();
        for (Job job : jobs) {
            futures.add(pool.submit(() -> {
                if (stopping.get()) {
                    return null;
                }
                try {
                    train(job, data, results, null);
                } catch (Exception | Error failure) {
                    stopping.set(true);
                    throw failure;
                }
                return null;
            }));
        }
        pool.shutdown();
        Throwable failure = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null || (failure instanceof Stopped && !(cause instanceof Stopped))) {
                    failure = cause;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping.set(true);
                throw new java.io.InterruptedIOException("interrupted while the jobs ran");
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failure instanceof Error error) {
            throw error;
        } else if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** The per-epoch measurements: memorization on every example, true accuracy on the trusted ones (or null). */
    private record Evaluators(MemorizationEvaluator memorization, TrustedSubsetMetrics trusted) {}

    private void train(Job job, RunInputs data, ExperimentResults results, SparkEpochs spark) throws IOException {
        org.dl4jsam.experiments.Threads.limit(config.threadsPerJob()); // OpenMP's count is per calling thread
        OptimizerChoice optimizer = job.optimizer();
        long seed = job.seed();
        NoiseArgument.Outcome noise = job.noise();
        Subsets.Split split = job.split();
        Evaluators evaluators = job.evaluators();
        ExperimentResults.Run run = job.run();
        int stepsPerEpoch = stepsPerEpoch(split.train().length);
        Path checkpoint = runDir.resolve("checkpoints").resolve(optimizer.cliName() + "-seed" + seed + ".zip");
        ComputationGraph network = null;
        if (Files.isRegularFile(checkpoint)) {
            network = restore(checkpoint, optimizer.usesSamStep(config), job.name());
            int done = network.getEpochCount();
            synchronized (results) {
                if (run.epochs.size() < done) {
                    network = null; // results.json lost the last record: redo this pair from scratch
                } else {
                    run.epochs.subList(done, run.epochs.size()).clear();
                }
            }
        }
        if (network == null) {
            synchronized (results) {
                run.epochs.clear();
            }
            network = Networks.create(config, optimizer, data.train(), data.userModel(), seed, stepsPerEpoch);
        }
        int start = network.getEpochCount();
        NoisyLabelIterator iterator = new NoisyLabelIterator(
                data.train().features(),
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
                    data.train().features(),
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
        try {
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
                try {
                    if (sparkNetwork == null) {
                        network.fit(iterator);
                    } else {
                        sparkNetwork.fitEpoch(iterator);
                    }
                } catch (org.dl4jsam.updaters.NonFiniteGradientException nan) {
                    throw diverged(job, epoch, nan.getMessage().split(";")[0], nan);
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                EpochMetrics m = evaluators.memorization().evaluate(network, epoch + 1);
                TrustedSubsetMetrics.Values trusted = evaluators.trusted() == null
                        ? null
                        : evaluators.trusted().evaluate(network);
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
                if (!Double.isFinite(meanLoss)) {
                    throw diverged(job, epoch, "the training loss is " + meanLoss, null);
                }
                double passes = sparkNetwork == null
                        ? stats.passes()
                        : sparkNetwork.stats().passes();
                double secondPassFraction = sparkNetwork == null
                        ? stats.secondPassFraction()
                        : sparkNetwork.stats().secondPassFraction();
                ExperimentResults.Epoch record = new ExperimentResults.Epoch(
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
                        alignment == null ? null : alignment.keptCosine(),
                        trusted == null ? null : trusted.accuracy(),
                        trusted == null || Double.isNaN(trusted.memorization()) ? null : trusted.memorization());
                progress.update(
                        job.name(),
                        String.format(
                                "e%d/%d test %.1f%% mem %.1f%%",
                                epoch + 1,
                                config.training().epochs(),
                                100 * m.testAccuracy(),
                                100 * m.noisyLabelAccuracy()));
                saveCheckpoint(network, checkpoint);
                synchronized (results) {
                    run.epochs.add(record);
                    run.completed = epoch + 1 == config.training().epochs();
                    results.write(runDir);
                }
                int trained = epochsThisSession.incrementAndGet();
                if (stopAfterEpochs > 0 && trained >= stopAfterEpochs) {
                    stopping.set(true);
                }
                if (stopping.get() && !run.completed) {
                    throw new Stopped(trained);
                }
            }
        } finally {
            progress.done(job.name());
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

    /** Training blew up: a bad learning rate or radius, reported as the options to change. */
    private IllegalArgumentException diverged(Job job, int epoch, String detail, RuntimeException cause) {
        boolean sam = job.optimizer().isSharpnessAware();
        return new IllegalArgumentException(
                String.format(
                        java.util.Locale.ROOT,
                        "%s diverged in epoch %d (%s): lower --lr (now %s)%s, or check the data for NaN/Inf values",
                        job.name(),
                        epoch + 1,
                        detail,
                        config.training().learningRate(),
                        sam ? " or --rho (now " + config.sam().rho() + ")" : ""),
                cause);
    }

    private static ComputationGraph restore(Path checkpoint, boolean samState, String job) {
        try {
            return samState
                    ? SharpnessAware.restoreComputationGraph(checkpoint.toFile(), true)
                    : ModelSerializer.restoreComputationGraph(checkpoint.toFile(), true);
        } catch (IOException | RuntimeException damaged) {
            throw new IllegalArgumentException(
                    "checkpoint " + checkpoint + " is damaged (" + damaged.getMessage()
                            + "); delete it and --resume again to retrain " + job + " from its first epoch",
                    damaged);
        }
    }

    private static void saveCheckpoint(ComputationGraph network, Path checkpoint) throws IOException {
        Path temp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
        SharpnessAware.writeModel(network, temp.toFile(), true);
        Files.move(temp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

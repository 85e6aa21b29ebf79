package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.dl4jsam.noisylabels.SymmetricNoise;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SamPresets;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.perturbation.FsamPerturbationConfig;
import org.dl4jsam.updaters.secondpass.EveryKStepsConfig;
import org.dl4jsam.updaters.transform.LookSamConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.SanerOnePassSteps;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * SAM under DL4J's parameter averaging on a real Spark standalone cluster: a master, two workers and two
 * executors, each a JVM of its own on 127.0.0.1, this project's classes shipped to the executors as application
 * jars, Kryo with {@link SamKryoRegistrator}. One executor equals one-machine training over the same batches to
 * 1e-12 (counts, AE-SAM's decisions, SANER's α, final weights), also for the rules that keep arrays (F-SAM,
 * LookSAM, SANER's reused mask, MSAM); two executors run both passes on every step
 * with counts that continue across averaging rounds and SANER's α on the one-machine schedule; label noise over
 * 1–4 partitions is the one-machine noise; a network whose SAM listener is missing fails with the fix.
 */
class ClusterTrainingTest {
    private static final int EXAMPLES = 48;
    private static final int BATCH = 8;
    private static final int FREQUENCY = 2;
    private static final int EPOCHS = 2;
    private static final int STEPS_PER_EPOCH = EXAMPLES / BATCH;
    /**
     * Examples of the two-worker runs: one averaging round's worth ({@code workers · batch · frequency}). DL4J
     * cuts an epoch into {@code ⌊n / (workers · batch · frequency)⌋} rounds and each worker trains at most
     * {@code frequency} batches a round: with 48 examples one round of 48 trains 32 and skips 16.
     */
    private static final int TWO_WORKER_EXAMPLES = 2 * BATCH * FREQUENCY;

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;
    private static JavaSparkContext sc;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = StandaloneCluster.start(dir, 2);
        sc = cluster.context(2, true);
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (sc != null) {
                sc.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static SamConfig aeSamSaner() {
        return ParameterAveragingTest.aeSamSaner();
    }

    private static SamConfig samSaner() {
        return SamConfig.sam(0.1)
                .withGradientTransforms(new SanerConfig(0.5, 8, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT));
    }

    private static SharpnessAwareUpdater updater(SamConfig config) {
        return new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), config);
    }

    private static ParameterAveragingTrainingMaster master(int workers) {
        return new ParameterAveragingTrainingMaster.Builder(workers, 1)
                .batchSizePerWorker(BATCH)
                .averagingFrequency(FREQUENCY)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .rngSeed(7)
                .rddTrainingApproach(RDDTrainingApproach.Direct) // Export needs a file system the cluster shares
                .build();
    }

    /** Trains {@link #EPOCHS} epochs on the cluster, recording every worker step; returns the driver's network. */
    private static Model train(boolean graph, int workers, SamConfig config, Path steps) {
        int examples = workers == 1 ? EXAMPLES : TWO_WORKER_EXAMPLES;
        if (graph) {
            SparkComputationGraph sparkNet =
                    new SparkComputationGraph(sc, SparkTestNets.graph(updater(config)), master(workers));
            SparkSam.attach(sparkNet, new FileStepRecorder(steps));
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                sparkNet.fit(sc.parallelize(SparkTestNets.examples(examples, 3), workers));
            }
            return sparkNet.getNetwork();
        }
        SparkDl4jMultiLayer sparkNet =
                new SparkDl4jMultiLayer(sc, SparkTestNets.multiLayer(updater(config)), master(workers));
        SparkSam.attach(sparkNet, new FileStepRecorder(steps));
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            sparkNet.fit(sc.parallelize(SparkTestNets.examples(examples, 3), workers));
        }
        return sparkNet.getNetwork();
    }

    /** A one-machine network that replays recorded worker batches (epoch boundaries as the driver sets them). */
    private static final class Replay {
        private final Model model;
        private int epoch;

        Replay(boolean graph, SamConfig config) {
            model = graph ? SparkTestNets.graph(updater(config)) : SparkTestNets.multiLayer(updater(config));
            SharpnessAware.attachTo(model);
        }

        SamStepDiagnostics fit(DataSet batch, int epochOfStep) {
            for (; epoch < epochOfStep; epoch++) {
                ParameterAveragingTest.incrementEpoch(model);
            }
            ParameterAveragingTest.fit(model, batch);
            return SharpnessAware.lastStep(model).orElseThrow();
        }
    }

    @ParameterizedTest(name = "graph = {0}")
    @ValueSource(booleans = {true, false})
    void oneExecutorEqualsOneMachineTrainingOverTheSameBatches(boolean graph) throws IOException {
        int secondPasses = oneExecutorEqualsOneMachine(graph, aeSamSaner(), "one-" + graph);
        assertTrue(secondPasses > 0, "AE-SAM took second passes");
    }

    /**
     * The rules' arrays travel in the updater state from round to round (ADR 0005): F-SAM's average, LookSAM's
     * {@code g_v} reused on a round's first step (k = 3 against rounds of 2 steps), SANER's reused mask; MSAM's
     * last update and weights. Without them a worker restarts each round and the weights leave the one-machine
     * run's.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fsam-looksam-saner-reuse", "msam"})
    void arrayStateContinuesAcrossRoundsAsOnOneMachine(String name) throws IOException {
        SamConfig config = name.equals("msam")
                ? SamPresets.get("msam").config(new SamPresets.Parameters(0.1, 0.5, 1, 12))
                : SamConfig.sam(0.1)
                        .withPerturbation(new FsamPerturbationConfig(0.1, 0.5, 0.6))
                        .withSecondPass(new EveryKStepsConfig(3))
                        .withGradientTransforms(
                                new LookSamConfig(LookSamConfig.DEFAULT_A),
                                new SanerConfig(0.5, 8, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT)
                                        .withOnePassSteps(SanerOnePassSteps.REUSE_LAST_MASK));
        oneExecutorEqualsOneMachine(true, config, name);
    }

    /**
     * Trains on one executor, replays the recorded batches on one machine and compares step by step (counts, the
     * schedule's decision, SANER's α, passes) and the final weights to 1e-12.
     *
     * @return the number of two-pass steps
     */
    private static int oneExecutorEqualsOneMachine(boolean graph, SamConfig config, String tag) throws IOException {
        Path steps = Files.createDirectories(dir.resolve(tag));
        Model driver = train(graph, 1, config, steps);
        // one worker at a time, but each averaging round runs on whichever executor is free
        List<FileStepRecorder.Step> recorded = FileStepRecorder.read(steps).stream()
                .sorted(Comparator.comparingInt(FileStepRecorder.Step::iteration))
                .toList();
        assertEquals(EPOCHS * STEPS_PER_EPOCH, recorded.size(), "worker steps");
        assertTrue(
                recorded.stream()
                        .noneMatch(step ->
                                step.process() == ProcessHandle.current().pid()),
                "trained in the executors' JVMs");
        Replay replay = new Replay(graph, config);
        int secondPasses = 0;
        for (int i = 0; i < recorded.size(); i++) {
            FileStepRecorder.Step step = recorded.get(i);
            SamStepDiagnostics expected = replay.fit(step.batch(), i / STEPS_PER_EPOCH);
            assertEquals(i, step.iteration(), "the iteration count continues across rounds, step " + i);
            assertEquals(expected.iteration(), step.iteration(), "iteration at step " + i);
            assertEquals(expected.epoch(), step.epoch(), "epoch at step " + i);
            assertEquals(expected.secondPass(), step.secondPass(), "the second-pass decision at step " + i);
            assertEquals(expected.value(SanerConfig.ALPHA), step.alpha(), 0.0, "SANER's α at step " + i);
            assertEquals(step.secondPass() ? 2 : 1, step.forwardPasses(), "forward passes at step " + i);
            secondPasses += step.secondPass() ? 1 : 0;
        }
        assertArrayEquals(
                replay.model.params().data().asDouble(), driver.params().data().asDouble(), 1e-12, "final weights");
        return secondPasses;
    }

    @ParameterizedTest(name = "graph = {0}")
    @ValueSource(booleans = {true, false})
    void twoExecutorsRunBothPassesWithCountsAndSanersScheduleContinuingAcrossRounds(boolean graph) throws IOException {
        Path steps = Files.createDirectories(dir.resolve("two-" + graph));
        train(graph, 2, samSaner(), steps);
        Map<Long, List<FileStepRecorder.Step>> byProcess = FileStepRecorder.read(steps).stream()
                .collect(Collectors.groupingBy(FileStepRecorder.Step::process, TreeMap::new, Collectors.toList()));
        assertEquals(2, byProcess.size(), "both executors trained: " + byProcess.keySet());
        int total = 0;
        for (List<FileStepRecorder.Step> worker : byProcess.values()) {
            Replay schedule = new Replay(graph, samSaner());
            for (int i = 0; i < worker.size(); i++) {
                FileStepRecorder.Step step = worker.get(i);
                SamStepDiagnostics expected = schedule.fit(step.batch(), step.epoch());
                assertEquals(2, step.forwardPasses(), "both passes at step " + i);
                assertTrue(step.secondPass(), "the SAM step at step " + i);
                assertEquals(expected.iteration(), step.iteration(), "iteration at step " + i);
                assertEquals(expected.value(SanerConfig.ALPHA), step.alpha(), 0.0, "SANER's α at step " + i);
            }
            total += worker.size();
        }
        assertEquals(EPOCHS * TWO_WORKER_EXAMPLES / BATCH, total, "every batch trained once per epoch");
    }

    @Test
    void labelNoiseOverOneToFourPartitionsIsTheOneMachineNoise() {
        List<DataSet> data = SparkTestNets.examples(60, 9);
        int[] labels =
                data.stream().mapToInt(d -> d.getLabels().argMax(1).getInt(0)).toArray();
        SymmetricNoise spec = SymmetricNoise.paperProtocol(0.4);
        NoisyLabels expected = spec.apply(NoiseInput.of(labels, SparkTestNets.CLASSES), 17);
        for (int partitions = 1; partitions <= 4; partitions++) {
            SparkLabelNoise.Result result = SparkLabelNoise.apply(sc.parallelize(data, partitions), spec, 17);
            assertArrayEquals(expected.noisy(), result.labels().noisy(), partitions + " partitions");
            assertArrayEquals(expected.clean(), result.labels().clean(), partitions + " partitions: clean labels");
        }
    }

    @Test
    void withoutTheSamListenerTheJobFailsNamingTheFix() {
        SparkComputationGraph sparkNet =
                new SparkComputationGraph(sc, SparkTestNets.graph(updater(aeSamSaner())), master(1));
        sparkNet.setListeners(new ScoreIterationListener(100));
        Exception failure = assertThrows(
                Exception.class, () -> sparkNet.fit(sc.parallelize(SparkTestNets.examples(EXAMPLES, 3), 1)));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("SparkSam.attach"), messages.toString());
    }
}

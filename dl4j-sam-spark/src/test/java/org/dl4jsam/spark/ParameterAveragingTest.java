package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * SAM under DL4J's parameter averaging, Java serialization, Spark local mode: both passes run on the workers,
 * the schedules (AE-SAM's statistics and threshold, SANER's α warm-up) continue across averaging rounds and
 * epochs exactly as on one machine over the same batches, and ρ = 0 reproduces plain training.
 */
class ParameterAveragingTest {
    private static final int EXAMPLES = 48;
    private static final int BATCH = 8;
    private static final int FREQUENCY = 2;
    private static final int EPOCHS = 2;
    private static final int STEPS_PER_EPOCH = EXAMPLES / BATCH;

    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start(2, false);
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    static SamConfig aeSamSaner() {
        return SamConfig.aeSam(0.1, EPOCHS * STEPS_PER_EPOCH)
                .withGradientTransforms(new SanerConfig(0.5, 8, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT));
    }

    private static SharpnessAwareUpdater updater(SamConfig config) {
        return new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), config);
    }

    static ParameterAveragingTrainingMaster oneWorker() {
        return new ParameterAveragingTrainingMaster.Builder(1, 1)
                .batchSizePerWorker(BATCH)
                .averagingFrequency(FREQUENCY)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .rngSeed(7)
                .build();
    }

    private JavaRDD<DataSet> data(int partitions) {
        return sc.parallelize(SparkTestNets.examples(EXAMPLES, 3), partitions);
    }

    /** Train on Spark, replay the workers' batches on one machine, compare step by step and at the end. */
    @ParameterizedTest(name = "graph = {0}")
    @ValueSource(booleans = {true, false})
    void oneWorkerFollowsTheOneMachineScheduleOverTheSameBatches(boolean graph) {
        followsTheOneMachineSchedule(sc, graph, "pa-java-" + graph);
    }

    /**
     * Train two epochs on one parameter-averaging worker, replay the worker's batches on one machine and compare
     * step by step (iteration, epoch, AE-SAM's decision, SANER's α, forward passes) and the final parameters.
     */
    static void followsTheOneMachineSchedule(JavaSparkContext sc, boolean graph, String tag) {
        WorkerStepStats stats = new WorkerStepStats(sc);
        Model driver;
        if (graph) {
            SparkComputationGraph sparkNet =
                    new SparkComputationGraph(sc, SparkTestNets.graph(updater(aeSamSaner())), oneWorker());
            SparkSam.attach(sparkNet, new WorkerRecorder(tag), stats);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                sparkNet.fit(sc.parallelize(SparkTestNets.examples(EXAMPLES, 3), 2));
            }
            driver = sparkNet.getNetwork();
        } else {
            SparkDl4jMultiLayer sparkNet =
                    new SparkDl4jMultiLayer(sc, SparkTestNets.multiLayer(updater(aeSamSaner())), oneWorker());
            SparkSam.attach(sparkNet, new WorkerRecorder(tag), stats);
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                sparkNet.fit(sc.parallelize(SparkTestNets.examples(EXAMPLES, 3), 2));
            }
            driver = sparkNet.getNetwork();
        }
        List<WorkerRecorder.Step> steps = WorkerRecorder.steps(tag);
        assertEquals(EPOCHS * STEPS_PER_EPOCH, steps.size(), "worker steps");

        Model replay =
                graph ? SparkTestNets.graph(updater(aeSamSaner())) : SparkTestNets.multiLayer(updater(aeSamSaner()));
        SharpnessAware.attachTo(replay);
        int secondPasses = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0 && i % STEPS_PER_EPOCH == 0) {
                incrementEpoch(replay); // what the driver's fit(rdd) does after each epoch
            }
            WorkerRecorder.Step step = steps.get(i);
            fit(replay, step.batch());
            SamStepDiagnostics expected = SharpnessAware.lastStep(replay).orElseThrow();
            SamStepDiagnostics worker = step.diagnostics();
            assertEquals(expected.iteration(), worker.iteration(), "iteration at step " + i);
            assertEquals(expected.epoch(), worker.epoch(), "epoch at step " + i);
            assertEquals(expected.secondPass(), worker.secondPass(), "AE-SAM's decision at step " + i);
            assertEquals(expected.value(SanerConfig.ALPHA), worker.value(SanerConfig.ALPHA), 0.0, "α at step " + i);
            assertEquals(worker.secondPass() ? 2 : 1, step.forwardPasses(), "forward passes at step " + i);
            secondPasses += worker.secondPass() ? 1 : 0;
        }
        assertEquals(steps.size() - 1, steps.get(steps.size() - 1).diagnostics().iteration(), "the last iteration");
        assertTrue(secondPasses > 0 && secondPasses < steps.size(), "AE-SAM mixed SAM and ERM steps: " + secondPasses);
        assertArrayEquals(
                replay.params().data().asDouble(), driver.params().data().asDouble(), 1e-12);
    }

    static void fit(Model model, DataSet batch) {
        if (model instanceof ComputationGraph graph) {
            graph.fit(batch);
        } else {
            ((MultiLayerNetwork) model).fit(batch);
        }
    }

    static void incrementEpoch(Model model) {
        if (model instanceof ComputationGraph graph) {
            graph.incrementEpochCount();
        } else {
            ((MultiLayerNetwork) model).incrementEpochCount();
        }
    }

    @Test
    void zeroRadiusAveragingOverTwoWorkersIsPlainTraining() {
        ParameterAveragingTrainingMaster.Builder master = new ParameterAveragingTrainingMaster.Builder(2, 1)
                .batchSizePerWorker(BATCH)
                .averagingFrequency(FREQUENCY)
                .workerPrefetchNumBatches(0)
                .rngSeed(11);
        SparkComputationGraph sam =
                new SparkComputationGraph(sc, SparkTestNets.graph(updater(SamConfig.sam(0.0))), master.build());
        SparkSam.attach(sam, new WorkerRecorder("rho0"));
        SparkComputationGraph plain =
                new SparkComputationGraph(sc, SparkTestNets.graph(new Nesterovs(0.05, 0.9)), master.build());
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            sam.fit(data(2));
            plain.fit(data(2));
        }
        List<WorkerRecorder.Step> steps = WorkerRecorder.steps("rho0");
        assertTrue(steps.stream().allMatch(s -> s.diagnostics().secondPass() && s.forwardPasses() == 2));
        assertTrue(steps.size() >= 2 * EPOCHS, "steps over both workers: " + steps.size());
        assertArrayEquals(
                plain.getNetwork().params().data().asDouble(),
                sam.getNetwork().params().data().asDouble(),
                0.0);
    }

    @Test
    void withoutTheSamListenerTheJobFailsNamingTheSparkFix() {
        SparkComputationGraph sparkNet =
                new SparkComputationGraph(sc, SparkTestNets.graph(updater(SamConfig.sam(0.05))), oneWorker());
        sparkNet.setListeners(new ScoreIterationListener(100));
        Exception failure = assertThrows(Exception.class, () -> sparkNet.fit(data(1)));
        assertTrue(messages(failure).contains("SparkSam.attach"), messages(failure));
    }

    @Test
    void attachRefusesANetworkWithoutSam() {
        SparkComputationGraph sparkNet =
                new SparkComputationGraph(sc, SparkTestNets.graph(new Nesterovs(0.05, 0.9)), oneWorker());
        IllegalArgumentException failure =
                assertThrows(IllegalArgumentException.class, () -> SparkSam.attach(sparkNet));
        assertTrue(failure.getMessage().contains("SharpnessAwareUpdater"), failure.getMessage());
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}

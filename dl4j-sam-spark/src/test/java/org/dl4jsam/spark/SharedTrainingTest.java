package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * SAM under DL4J's shared training (gradient sharing over Aeron, on loopback): both passes run on the workers and
 * the schedules read counts that never restart, across {@code fit} calls too. Shared training applies
 * threshold-encoded updates, so parameters (and with them AE-SAM's gradient-norm decisions) are not those of
 * one machine, and its counts are DL4J's parameter server's position (in local mode two tasks of one JVM share
 * it, so an iteration number can repeat); SANER's α follows the count it was computed at.
 */
@org.junit.jupiter.api.Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS) // fail, never hang CI
class SharedTrainingTest {
    private static final int EXAMPLES = 48;
    private static final int BATCH = 8;
    private static final int EPOCHS = 2;

    private static JavaSparkContext sc;

    private static java.util.Set<java.nio.file.Path> aeronBefore;

    @BeforeAll
    static void startSpark() {
        aeronBefore = AeronDirectories.present();
        sc = LocalSpark.start(2, false);
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
        AeronDirectories.removeAllBut(aeronBefore);
    }

    private static SharedTrainingMaster master(int port) {
        VoidConfiguration voidConfiguration = VoidConfiguration.builder()
                .unicastPort(port)
                .networkMask("127.0.0.0/8")
                .controllerAddress("127.0.0.1")
                .build();
        return new SharedTrainingMaster.Builder(voidConfiguration, 1)
                .batchSizePerWorker(BATCH)
                .workersPerNode(1)
                .rngSeed(5)
                .build();
    }

    @ParameterizedTest(name = "graph = {0}")
    @ValueSource(booleans = {true, false})
    void bothPassesRunOnTheWorkersAndTheCountsNeverRestart(boolean graph) {
        String tag = "shared-" + graph;
        int firstFitSteps = 0;
        SharpnessAwareUpdater updater =
                new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), ParameterAveragingTest.aeSamSaner());
        if (graph) {
            SparkComputationGraph sparkNet = new SparkComputationGraph(sc, SparkTestNets.graph(updater), master(40331));
            SparkSam.attach(sparkNet, new WorkerRecorder(tag));
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                sparkNet.fit(sc.parallelize(SparkTestNets.examples(EXAMPLES, 3), 2));
                firstFitSteps = epoch == 0 ? WorkerRecorder.steps(tag).size() : firstFitSteps;
            }
        } else {
            SparkDl4jMultiLayer sparkNet =
                    new SparkDl4jMultiLayer(sc, SparkTestNets.multiLayer(updater), master(40332));
            SparkSam.attach(sparkNet, new WorkerRecorder(tag));
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                sparkNet.fit(sc.parallelize(SparkTestNets.examples(EXAMPLES, 3), 2));
                firstFitSteps = epoch == 0 ? WorkerRecorder.steps(tag).size() : firstFitSteps;
            }
        }
        List<WorkerRecorder.Step> steps = WorkerRecorder.steps(tag);
        assertTrue(steps.size() >= EPOCHS * 2, "worker steps: " + steps.size());
        int secondPasses = 0;
        int lastIteration = -1;
        for (WorkerRecorder.Step step : steps) {
            SamStepDiagnostics diagnostics = step.diagnostics();
            assertEquals(diagnostics.secondPass() ? 2 : 1, step.forwardPasses(), "forward passes");
            secondPasses += diagnostics.secondPass() ? 1 : 0;
            assertTrue(
                    diagnostics.iteration() >= lastIteration,
                    "iterations never restart: " + diagnostics.iteration() + " after " + lastIteration);
            lastIteration = diagnostics.iteration();
            if (diagnostics.secondPass()) {
                double alpha = 0.5 * Math.min(1.0, (diagnostics.iteration() + 1) / 8.0);
                assertEquals(alpha, diagnostics.value(SanerConfig.ALPHA), 1e-15, "SANER's α at " + lastIteration);
            }
        }
        assertTrue(firstFitSteps > 0 && firstFitSteps < steps.size(), "both fits trained: " + firstFitSteps);
        assertTrue(steps.get(firstFitSteps).diagnostics().iteration() > 0, "the second fit continues the count");
        assertTrue(secondPasses > 0, "second passes on the workers: " + secondPasses);
    }
}

package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * DL4J's shared training (gradient sharing over Aeron UDP) on a real standalone cluster of separate JVMs, each
 * test its own application (its own executors: DL4J keeps one parameter server per JVM). With a UDP port per JVM
 * ({@link PerJvmPortSupplier}) plain DL4J and SAM alike train in both {@code fit} calls and the trained
 * parameters reach the driver; SAM runs both passes on its worker steps. With DL4J's single {@code unicastPort}
 * for every JVM on one host, {@code fit} returns and the driver's parameters never change, without SAM too
 * (measured, see docs/spark.md). Plain DL4J starts each worker at iteration 0, epoch 0 in every {@code fit}; with
 * SAM ({@link SparkSam#attach}, which adds {@link TrainingCountsListener}) each worker's count goes on across
 * {@code fit} calls, the epoch is the driver's, and SANER's α follows.
 */
@org.junit.jupiter.api.Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS) // fail, never hang CI
class ClusterSharedTrainingTest {
    private static final int BATCH = 8;
    private static final int BATCHES = 6;

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;
    private JavaSparkContext sc;

    private static java.util.Set<Path> aeronBefore;

    @BeforeAll
    static void startCluster() throws IOException {
        aeronBefore = AeronDirectories.present();
        cluster = StandaloneCluster.start(dir, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        AeronDirectories.removeAllBut(aeronBefore);
    }

    @AfterEach
    void stopApplication() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static SharedTrainingMaster master() throws IOException {
        VoidConfiguration conf = VoidConfiguration.builder()
                .portSupplier(new PerJvmPortSupplier())
                .networkMask("127.0.0.0/8")
                .controllerAddress("127.0.0.1")
                .build();
        conf.setUnicastControllerPort(StandaloneCluster.freePort());
        return new SharedTrainingMaster.Builder(conf, 1)
                .batchSizePerWorker(BATCH)
                .workersPerNode(1)
                .rddTrainingApproach(RDDTrainingApproach.Direct) // Export needs a file system the cluster shares
                .rngSeed(5)
                .build();
    }

    /** Shared training takes one RDD element per step: the examples come in batches. */
    private static List<DataSet> batches() {
        List<DataSet> single = SparkTestNets.examples(BATCH * BATCHES, 3);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            batches.add(DataSet.merge(single.subList(BATCH * b, BATCH * (b + 1))));
        }
        return batches;
    }

    /** Two fits in a new application; returns the worker steps of each, after checking the driver moved. */
    private List<List<FileStepRecorder.Step>> trainTwice(String name, IUpdater updater, boolean sam)
            throws IOException {
        sc = cluster.context(2, true);
        Path steps = Files.createDirectories(dir.resolve(name));
        SparkComputationGraph net = new SparkComputationGraph(sc, SparkTestNets.graph(updater), master());
        if (sam) {
            SparkSam.attach(net, new FileStepRecorder(steps));
        } else {
            net.setListeners(new FileStepRecorder(steps));
        }
        List<List<FileStepRecorder.Step>> fits = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int fit = 0; fit < 2; fit++) {
            double[] before = net.getNetwork().params().data().asDouble();
            net.fit(sc.parallelize(batches(), 2));
            List<FileStepRecorder.Step> all = FileStepRecorder.read(steps);
            // the files sort by process, then sequence: a fit's steps are the ones not read before
            fits.add(all.stream()
                    .filter(step -> seen.add(step.process() + "-" + step.sequence()))
                    .toList());
            assertTrue(fits.get(fit).size() > 0, name + ": fit " + fit + " trained on the workers");
            assertTrue(
                    fits.get(fit).stream()
                            .noneMatch(step ->
                                    step.process() == ProcessHandle.current().pid()),
                    name + ": in the executors' JVMs");
            double[] after = net.getNetwork().params().data().asDouble();
            assertNotEquals(
                    java.util.Arrays.toString(before),
                    java.util.Arrays.toString(after),
                    name + ": fit " + fit + " changed the driver's parameters");
        }
        return fits;
    }

    /**
     * DL4J's own behaviour (docs/spark.md): a worker JVM keeps its network from the first {@code fit} and sets its
     * counts back to its parameter server's position (0, 0) at every {@code fit}, although the driver's epoch count
     * advanced.
     */
    private static void assertCountsRestartInEveryFit(List<List<FileStepRecorder.Step>> fits) {
        for (int fit = 0; fit < fits.size(); fit++) {
            Map<Long, List<FileStepRecorder.Step>> byProcess =
                    fits.get(fit).stream().collect(Collectors.groupingBy(FileStepRecorder.Step::process));
            for (List<FileStepRecorder.Step> worker : byProcess.values()) {
                assertEquals(
                        0,
                        worker.stream()
                                .mapToInt(FileStepRecorder.Step::iteration)
                                .min()
                                .orElseThrow(),
                        "fit " + fit + ": a worker's first iteration");
                assertTrue(worker.stream().allMatch(step -> step.epoch() == 0), "fit " + fit + ": epoch 0");
            }
        }
    }

    @Test
    void plainSharedTrainingWithAPortPerJvmTrainsAndReachesTheDriver() throws IOException {
        List<List<FileStepRecorder.Step>> fits = trainTwice("plain", new Nesterovs(0.05, 0.9), false);
        assertTrue(fits.stream().flatMap(List::stream).allMatch(step -> step.forwardPasses() == 1), "one pass");
        assertCountsRestartInEveryFit(fits);
    }

    @Test
    void samSharedTrainingWithAPortPerJvmRunsBothPassesAndReachesTheDriver() throws IOException {
        List<List<FileStepRecorder.Step>> fits = trainTwice(
                "sam", new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), ParameterAveragingTest.aeSamSaner()), true);
        for (List<FileStepRecorder.Step> fit : fits) {
            for (FileStepRecorder.Step step : fit) {
                assertEquals(step.secondPass() ? 2 : 1, step.forwardPasses(), "forward passes");
            }
            assertTrue(fit.stream().anyMatch(FileStepRecorder.Step::secondPass), "SAM steps in every fit");
        }
        assertCountsContinueAcrossFits(fits);
    }

    /**
     * With {@link TrainingCountsListener} (added by {@link SparkSam#attach}) nothing restarts: each worker's
     * iteration count goes on from its last step of the previous {@code fit}, the epoch is the driver's (one per
     * {@code fit}), and SANER's α follows the continued count.
     */
    private static void assertCountsContinueAcrossFits(List<List<FileStepRecorder.Step>> fits) {
        Map<Long, Integer> lastIteration = new java.util.HashMap<>();
        for (int fit = 0; fit < fits.size(); fit++) {
            for (FileStepRecorder.Step step : fits.get(fit).stream()
                    .sorted(java.util.Comparator.comparingLong(FileStepRecorder.Step::sequence))
                    .toList()) {
                int previous = lastIteration.getOrDefault(step.process(), -1);
                assertEquals(previous + 1, step.iteration(), "fit " + fit + ": the worker's next iteration");
                lastIteration.put(step.process(), step.iteration());
                assertEquals(fit, step.epoch(), "fit " + fit + ": the driver's epoch");
                if (!Double.isNaN(step.alpha())) {
                    assertEquals(0.5 * Math.min(1.0, (step.iteration() + 1) / 8.0), step.alpha(), 1e-15, "SANER's α");
                }
            }
        }
    }
}

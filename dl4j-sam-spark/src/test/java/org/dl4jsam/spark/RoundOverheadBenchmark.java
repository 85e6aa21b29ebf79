package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Not a test: the wall time of one parameter-averaging round (frequency 1, one worker, SAM) in Spark local mode
 * and on the standalone cluster, against the same steps on one machine. Run with
 * {@code ./mvnw -pl dl4j-sam-spark test -Dtest=RoundOverheadBenchmark -Dcluster.bench=true}.
 */
@EnabledIfSystemProperty(named = "cluster.bench", matches = "true")
class RoundOverheadBenchmark {
    private static final int ROUNDS = 40;
    private static final int BATCH = 8;

    @TempDir
    Path dir;

    private static ParameterAveragingTrainingMaster master() {
        return new ParameterAveragingTrainingMaster.Builder(1, 1)
                .batchSizePerWorker(BATCH)
                .averagingFrequency(1)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .build();
    }

    private static SharpnessAwareUpdater updater() {
        return new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), SamConfig.sam(0.05));
    }

    private static double secondsPerRound(JavaSparkContext sc) {
        SparkComputationGraph net = new SparkComputationGraph(sc, SparkTestNets.graph(updater()), master());
        SparkSam.attach(net);
        List<DataSet> data = SparkTestNets.examples(ROUNDS * BATCH, 3);
        net.fit(sc.parallelize(data.subList(0, 4 * BATCH), 1)); // warm-up: class loading, first broadcast
        long start = System.nanoTime();
        net.fit(sc.parallelize(data, 1));
        return (System.nanoTime() - start) / 1e9 / ROUNDS;
    }

    private static double secondsPerStepOnOneMachine() {
        ComputationGraph graph = SparkTestNets.graph(updater());
        SharpnessAware.attachTo(graph);
        List<DataSet> data = SparkTestNets.examples(ROUNDS * BATCH, 3);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < ROUNDS; b++) {
            batches.add(DataSet.merge(data.subList(b * BATCH, (b + 1) * BATCH)));
        }
        batches.subList(0, 4).forEach(graph::fit);
        long start = System.nanoTime();
        batches.forEach(graph::fit);
        return (System.nanoTime() - start) / 1e9 / ROUNDS;
    }

    @Test
    void perRoundOverhead() throws IOException {
        double machine = secondsPerStepOnOneMachine();
        JavaSparkContext local = LocalSpark.start(1, true);
        double localRound;
        try {
            localRound = secondsPerRound(local);
        } finally {
            local.stop();
        }
        double clusterRound;
        try (StandaloneCluster cluster = StandaloneCluster.start(dir, 1)) {
            JavaSparkContext sc = cluster.context(1, true);
            try {
                clusterRound = secondsPerRound(sc);
            } finally {
                sc.stop();
            }
        }
        System.out.printf(
                "BENCH one machine %.2f ms/step; local mode %.0f ms/round; cluster %.0f ms/round (%d rounds)%n",
                1e3 * machine, 1e3 * localRound, 1e3 * clusterRound, ROUNDS);
        assertTrue(clusterRound > 0 && localRound > 0);
    }
}

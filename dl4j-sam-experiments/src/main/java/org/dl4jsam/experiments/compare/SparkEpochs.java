package org.dl4jsam.experiments.compare;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.dl4jsam.spark.SparkSam;
import org.dl4jsam.spark.TrainingCountsListener;
import org.dl4jsam.spark.WorkerStepStats;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * {@code compare --spark}: each epoch goes through DL4J's Spark parameter averaging instead of
 * {@code network.fit(iterator)}. The epoch's minibatches (the same as on one machine) become an RDD of
 * {@code DataSet}s; the network on the driver is the one the runner evaluates and checkpoints.
 */
final class SparkEpochs implements AutoCloseable {
    private final JavaSparkContext context;
    private final ExperimentConfig.Spark settings;

    SparkEpochs(ExperimentConfig.Spark settings) {
        this.settings = settings;
        SparkConf conf = new SparkConf()
                .setMaster(settings.master())
                .setAppName("dl4j-sam compare")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", org.dl4jsam.spark.SamKryoRegistrator.class.getName());
        if (settings.master().startsWith("local")) {
            conf.set("spark.driver.host", "localhost").set("spark.driver.bindAddress", "127.0.0.1");
        }
        context = new JavaSparkContext(conf);
    }

    /** One network's training through Spark. */
    final class Network {
        private final SparkComputationGraph sparkNetwork;
        private final WorkerStepStats stats;
        private final int batchSize;

        private Network(ComputationGraph network, boolean sam, int batchSize, long seed) {
            this.batchSize = batchSize;
            ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(
                            settings.workers(), batchSize)
                    .batchSizePerWorker(batchSize)
                    .averagingFrequency(settings.averagingFrequency())
                    .workerPrefetchNumBatches(0)
                    .saveUpdater(true)
                    .rngSeed(seed)
                    .build();
            sparkNetwork = new SparkComputationGraph(context, network, master);
            stats = new WorkerStepStats(context);
            if (sam) {
                SparkSam.attach(sparkNetwork, stats);
            } else {
                sparkNetwork.setListeners(new TrainingCountsListener(network), stats);
            }
        }

        /**
         * Fit one epoch of the iterator's minibatches, every one of them; the statistics are this epoch's. DL4J
         * cuts a {@code fit} into {@code ⌊batches / (workers · frequency)⌋} averaging rounds and each worker trains
         * at most {@code frequency} batches a round, skipping the rest (12 batches, 2 workers, frequency 5: 10
         * trained). So the epoch is fitted one round at a time, {@code workers · frequency} batches per {@code
         * fit}, with the epoch count DL4J advances after each {@code fit} put back until the last.
         */
        void fitEpoch(DataSetIterator iterator) {
            List<DataSet> batches = new ArrayList<>();
            iterator.reset();
            while (iterator.hasNext()) {
                batches.add(iterator.next());
            }
            stats.reset();
            int round = settings.workers() * settings.averagingFrequency();
            ComputationGraph network = sparkNetwork.getNetwork();
            int epoch = network.getEpochCount();
            for (int from = 0; from < batches.size(); from += round) {
                List<DataSet> part = batches.subList(from, Math.min(batches.size(), from + round));
                sparkNetwork.fit(context.parallelize(part, Math.min(settings.workers(), part.size())));
                if (from + round < batches.size()) {
                    network.getConfiguration().setEpochCount(epoch);
                }
            }
        }

        WorkerStepStats stats() {
            return stats;
        }
    }

    Network network(ComputationGraph network, boolean sam, int batchSize, long seed) {
        return new Network(network, sam, batchSize, seed);
    }

    @Override
    public void close() {
        context.stop();
    }
}

package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.api.Test;

/**
 * One serializable listener instance serving several model replicas at once (Spark's shared
 * training, {@code ParallelWrapper}): per-model state must not leak between them.
 */
class ReplicaConcurrencyTest {

    @Test
    void oneListenerTrainsTwoReplicasConcurrentlyExactlyAsSeparately() throws Exception {
        SamConfig config = SamConfig.aeSam(0.1, 20)
                .withGradientTransforms(new SanerConfig(0.5, 0, WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT));
        SharpnessAwareListener shared = new SharpnessAwareListener();
        MultiLayerNetwork[] concurrent = {replica(config), replica(config)};
        for (MultiLayerNetwork network : concurrent) {
            network.setListeners(List.of(shared));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done =
                    List.of(pool.submit(() -> train(concurrent[0], 0)), pool.submit(() -> train(concurrent[1], 1000)));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 2; i++) {
            MultiLayerNetwork alone = replica(config);
            SharpnessAware.attachTo(alone);
            train(alone, i * 1000);
            assertArrayEquals(
                    alone.params().data().asDouble(),
                    concurrent[i].params().data().asDouble(),
                    0.0);
            assertEquals(
                    SharpnessAware.lastStep(alone).orElseThrow().secondPassFraction(),
                    shared.lastStep(concurrent[i]).orElseThrow().secondPassFraction());
        }
    }

    private static MultiLayerNetwork replica(SamConfig config) {
        MultiLayerNetwork network = new MultiLayerNetwork(
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), config)));
        network.init();
        return network;
    }

    private static void train(MultiLayerNetwork network, long dataSeed) {
        for (int step = 0; step < 10; step++) {
            network.fit(TestNets.denseData(8, dataSeed + step));
        }
    }
}

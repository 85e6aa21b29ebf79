package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The scalar state of AE-SAM travels in the updater state (UpdaterStateSlot): a network saved by DL4J's own
 * serializer, or rebuilt from its parameters and updater state as a Spark worker does, continues the schedule
 * exactly; configurations without such state keep DL4J's layout.
 */
class UpdaterStateSlotTest {
    private static final int K = 4;

    @TempDir
    Path dir;

    private static Map<String, Double> aeSamState(Model model) {
        return SharpnessAware.listenerOf(model)
                .orElseThrow()
                .engine(model)
                .state()
                .scalars()
                .get("secondPass");
    }

    @Test
    void aeSamContinuesExactlyThroughDl4jsOwnSerializer() throws IOException {
        SharpnessAwareUpdater updater =
                new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.aeSam(0.1, 2 * K));
        MultiLayerNetwork straight = new MultiLayerNetwork(TestNets.multiLayer(updater));
        straight.init();
        SharpnessAware.attachTo(straight);
        MultiLayerNetwork first = new MultiLayerNetwork(TestNets.multiLayer(updater));
        first.init();
        SharpnessAware.attachTo(first);
        for (int step = 0; step < K; step++) {
            straight.fit(TestNets.denseData(8, step));
            first.fit(TestNets.denseData(8, step));
        }
        File file = dir.resolve("mln.zip").toFile();
        ModelSerializer.writeModel(first, file, true); // no SamStateFile: the updater state carries AE-SAM's
        MultiLayerNetwork resumed = ModelSerializer.restoreMultiLayerNetwork(file, true);
        SharpnessAware.attachTo(resumed);

        for (int step = K; step < 2 * K; step++) {
            straight.fit(TestNets.denseData(8, step));
            resumed.fit(TestNets.denseData(8, step));
            assertEquals(
                    SharpnessAware.lastStep(straight).orElseThrow().secondPass(),
                    SharpnessAware.lastStep(resumed).orElseThrow().secondPass(),
                    "AE-SAM decision at step " + step);
        }
        assertEquals(aeSamState(straight), aeSamState(resumed), "mean, variance and counters continued");
        assertEquals((double) 2 * K, aeSamState(resumed).get("steps"));
        assertArrayEquals(
                straight.params().data().asDouble(), resumed.params().data().asDouble(), 0.0);
        assertArrayEquals(
                straight.getUpdater().getStateViewArray().data().asDouble(),
                resumed.getUpdater().getStateViewArray().data().asDouble(),
                0.0);
    }

    @Test
    void aGraphRebuiltFromParametersAndUpdaterStateContinuesTheSchedule() {
        // what a parameter-averaging worker does each round: a new network, the broadcast parameters and
        // updater state assigned into it, a new listener
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Adam(0.01), SamConfig.aeSam(0.1, 2 * K));
        ComputationGraph straight = new ComputationGraph(TestNets.convBatchNormGraph(updater));
        straight.init();
        SharpnessAware.attachTo(straight);
        for (int step = 0; step < K; step++) {
            straight.fit(TestNets.imageData(8, step));
        }
        ComputationGraph worker =
                new ComputationGraph(straight.getConfiguration().clone());
        worker.init();
        worker.setParams(straight.params());
        worker.getUpdater().getStateViewArray().assign(straight.getUpdater().getStateViewArray());
        // DL4J's graph-configuration clone drops the counts; dl4j-sam-spark's hook puts them back
        assertEquals(0, worker.getIterationCount());
        worker.getConfiguration().setIterationCount(straight.getIterationCount());
        worker.getConfiguration().setEpochCount(straight.getEpochCount());
        SharpnessAware.attachTo(worker);
        Map<String, Double> before = Map.copyOf(aeSamState(straight));
        worker.fit(TestNets.imageData(8, K));
        straight.fit(TestNets.imageData(8, K));
        assertEquals(before.get("steps") + 1, aeSamState(worker).get("steps"));
        assertEquals(aeSamState(straight), aeSamState(worker));
        assertEquals(
                SharpnessAware.lastStep(straight).orElseThrow().secondPass(),
                SharpnessAware.lastStep(worker).orElseThrow().secondPass());
    }

    @Test
    void theSlotHoldsTheRulesScalarsAfterEachStep() {
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Sgd(0.05), SamConfig.aeSam(0.1, 2 * K));
        MultiLayerNetwork network = new MultiLayerNetwork(TestNets.multiLayer(updater));
        network.init();
        SharpnessAware.attachTo(network);
        UpdaterStateSlot slot = UpdaterStateSlot.find(
                (BaseMultiLayerUpdater<?>) network.getUpdater(), UpdaterStateSlot.rules(updater.getSam()));
        assertFalse(slot.isWritten(), "a fresh updater state is unwritten");
        for (int step = 0; step < 3; step++) {
            network.fit(TestNets.denseData(8, step));
            assertTrue(slot.isWritten());
            assertEquals(aeSamState(network), slot.read().get("secondPass"), "step " + step);
        }
        // DL4J's averaging with states that were not written (a worker without data) scales the marker alike
        Map<String, Map<String, Double>> written = slot.read();
        network.getUpdater().getStateViewArray().muli(0.5);
        Map<String, Map<String, Double>> averaged = slot.read();
        for (String key : written.get("secondPass").keySet()) {
            assertEquals(
                    written.get("secondPass").get(key),
                    averaged.get("secondPass").get(key),
                    1e-12,
                    key);
        }
        // Sgd keeps no state of its own: the whole updater state is slots, one per parameter variable
        assertEquals(
                6 * UpdaterStateSlot.size(updater.getSam()),
                network.getUpdater().getStateViewArray().length());
    }

    @Test
    void configurationsWithoutScalarStateKeepDl4jsLayout() {
        for (String preset : new String[] {"sam", "saner", "looksam", "ss-sam", "fsam"}) {
            SamConfig config = SamPresets.get(preset).config(new SamPresets.Parameters(0.1, 0.5, 2, 40));
            assertEquals(0, UpdaterStateSlot.size(config), preset);
            MultiLayerNetwork bare = new MultiLayerNetwork(TestNets.multiLayer(new MomentumSgd(0.05, 0.9)));
            bare.init();
            MultiLayerNetwork wrapped = new MultiLayerNetwork(
                    TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), config)));
            wrapped.init();
            assertEquals(
                    bare.getUpdater().getStateViewArray().length(),
                    wrapped.getUpdater().getStateViewArray().length(),
                    preset);
        }
        assertEquals(5, UpdaterStateSlot.size(SamConfig.aeSam(0.1, 8)), "marker + mean, variance, steps, passes");
    }
}

package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.spi.StepRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The rules' state travels in the updater state (UpdaterStateMirror): a network saved by DL4J's own serializer, or
 * rebuilt from its parameters and updater state as a Spark worker does, continues exactly, for every preset;
 * averaged states give the rules the mean of the written states; configurations without state keep DL4J's layout.
 */
class UpdaterStateMirrorTest {
    private static final int K = 5; // odd: LookSAM (k = 2) reuses its stored direction right after the restore
    private static final SamPresets.Parameters PARAMETERS = new SamPresets.Parameters(0.1, 0.5, 1, 2 * K);

    @TempDir
    Path dir;

    static Stream<Arguments> presets() {
        return SamPresets.all().stream().map(p -> Arguments.of(p.name(), p));
    }

    private static SamStepEngine engine(Model model) {
        return SharpnessAware.listenerOf(model).orElseThrow().engine(model);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetContinuesExactlyThroughDl4jsOwnSerializer(String name, SamPresets.Preset preset)
            throws IOException {
        SharpnessAwareUpdater updater =
                new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), preset.config(PARAMETERS));
        MultiLayerNetwork straight = new MultiLayerNetwork(TestNets.multiLayer(updater));
        straight.init();
        SharpnessAware.attachTo(straight);
        for (int step = 0; step < K; step++) {
            straight.fit(TestNets.denseData(8, step));
        }
        File file = dir.resolve(name + ".zip").toFile();
        ModelSerializer.writeModel(straight, file, true); // no SAM state file: the updater state carries it
        MultiLayerNetwork resumed = ModelSerializer.restoreMultiLayerNetwork(file, true);
        SharpnessAware.attachTo(resumed);
        TestNets.fitInLockstep(straight, resumed, K, 2 * K, name);
        SamRuntimeState expected = engine(straight).state();
        SamRuntimeState actual = engine(resumed).state();
        assertEquals(expected.scalars(), actual.scalars(), name + ": the rules' scalars");
        if (expected.array() != null) {
            assertArrayEquals(
                    expected.array().data().asDouble(), actual.array().data().asDouble(), 0.0, name + ": arrays");
        }
        assertArrayEquals(
                straight.params().data().asDouble(), resumed.params().data().asDouble(), 0.0, name + ": weights");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetContinuesOnAGraphRebuiltFromParametersAndUpdaterState(String name, SamPresets.Preset preset) {
        // what a parameter-averaging worker does each round: a new network, the broadcast parameters and
        // updater state assigned into it, a new listener
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Adam(0.01), preset.config(PARAMETERS));
        ComputationGraph straight = new ComputationGraph(TestNets.convBatchNormGraph(updater));
        straight.init();
        SharpnessAware.attachTo(straight);
        for (int step = 0; step < K; step++) {
            straight.fit(TestNets.imageData(8, step));
        }
        ComputationGraph worker = rebuilt(straight);
        for (int step = K; step < K + 2; step++) {
            straight.fit(TestNets.imageData(8, step));
            worker.fit(TestNets.imageData(8, step));
        }
        assertEquals(engine(straight).state().scalars(), engine(worker).state().scalars(), name);
        assertArrayEquals(
                straight.params().data().asDouble(), worker.params().data().asDouble(), 0.0, name + ": weights");
    }

    /** A worker's network: the configuration, the parameters and updater state, the counts, a new listener. */
    private static ComputationGraph rebuilt(ComputationGraph from) {
        ComputationGraph worker = new ComputationGraph(from.getConfiguration().clone());
        worker.init();
        worker.setParams(from.params());
        worker.getUpdater().getStateViewArray().assign(from.getUpdater().getStateViewArray());
        // DL4J's graph-configuration clone drops the counts; dl4j-sam-spark's hook puts them back
        worker.getConfiguration().setIterationCount(from.getIterationCount());
        worker.getConfiguration().setEpochCount(from.getEpochCount());
        SharpnessAware.attachTo(worker);
        return worker;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fsam", "vasso", "looksam-saner-reuse", "msam"})
    void averagedUpdaterStatesGiveTheRulesTheMeanOfTheWrittenStates(String name) {
        SamConfig config = SamPresets.get(name).config(PARAMETERS);
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Adam(0.01), config);
        ComputationGraph[] workers = new ComputationGraph[2];
        for (int w = 0; w < 2; w++) {
            workers[w] = new ComputationGraph(TestNets.convBatchNormGraph(updater));
            workers[w].init();
            SharpnessAware.attachTo(workers[w]);
            for (int step = 0; step < 3; step++) {
                workers[w].fit(TestNets.imageData(8, 10 * w + step));
            }
        }
        INDArray first = engine(workers[0]).state().array();
        INDArray second = engine(workers[1]).state().array();
        INDArray mean = first.add(second).divi(2);
        // DL4J's parameter averaging: the mean of the workers' updater states
        INDArray averaged = workers[0]
                .getUpdater()
                .getStateViewArray()
                .add(workers[1].getUpdater().getStateViewArray())
                .divi(2);
        assertArrayEquals(mean.data().asDouble(), adopted(workers[0], averaged, config), 1e-15, name + ": mean");
        // one of the two states never written (a worker without data in the first round): the written one
        INDArray halfWritten = workers[0].getUpdater().getStateViewArray().div(2);
        assertArrayEquals(first.data().asDouble(), adopted(workers[0], halfWritten, config), 1e-15, name + ": one");
    }

    /** The rules' arrays a fresh graph adopts from the given updater state. */
    private static double[] adopted(ComputationGraph like, INDArray updaterState, SamConfig config) {
        ComputationGraph fresh = new ComputationGraph(like.getConfiguration().clone());
        fresh.init();
        fresh.getUpdater().getStateViewArray().assign(updaterState);
        Map<String, StepRule> rules = UpdaterStateMirror.rules(config);
        long numParams = fresh.numParams();
        INDArray state = Nd4j.zeros(DataType.DOUBLE, UpdaterStateMirror.arraysPerParameter(rules) * numParams);
        UpdaterStateMirror mirror =
                UpdaterStateMirror.find((BaseMultiLayerUpdater<?>) fresh.getUpdater(), rules, state, numParams);
        assertTrue(mirror.isWritten());
        mirror.readArrays();
        return state.data().asDouble();
    }

    private static Map<String, Double> aeSamState(Model model) {
        return engine(model).state().scalars().get("secondPass");
    }

    @Test
    void theSlotHoldsTheRulesScalarsAfterEachStep() {
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Sgd(0.05), SamConfig.aeSam(0.1, 2 * K));
        MultiLayerNetwork network = new MultiLayerNetwork(TestNets.multiLayer(updater));
        network.init();
        SharpnessAware.attachTo(network);
        UpdaterStateMirror slot = UpdaterStateMirror.find(
                (BaseMultiLayerUpdater<?>) network.getUpdater(), UpdaterStateMirror.rules(updater.getSam()), null, 0);
        assertFalse(slot.isWritten(), "a fresh updater state is unwritten");
        for (int step = 0; step < 3; step++) {
            network.fit(TestNets.denseData(8, step));
            assertTrue(slot.isWritten());
            assertEquals(aeSamState(network), slot.readScalars().get("secondPass"), "step " + step);
        }
        // DL4J's averaging with states that were not written (a worker without data) scales the marker alike
        Map<String, Map<String, Double>> written = slot.readScalars();
        network.getUpdater().getStateViewArray().muli(0.5);
        Map<String, Map<String, Double>> averaged = slot.readScalars();
        for (String key : written.get("secondPass").keySet()) {
            assertEquals(
                    written.get("secondPass").get(key),
                    averaged.get("secondPass").get(key),
                    1e-12,
                    key);
        }
        // Sgd keeps no state of its own: the whole updater state is slots, one per parameter variable
        assertEquals(
                6 * UpdaterStateMirror.slotSize(updater.getSam()),
                network.getUpdater().getStateViewArray().length());
    }

    @Test
    void configurationsWithoutStateKeepDl4jsLayoutAndOthersAddTheirArraysAndSlots() {
        for (String preset : new String[] {"sam", "saner", "ss-sam", "looksam", "fsam", "msam", "ae-sam"}) {
            SamConfig config = SamPresets.get(preset).config(PARAMETERS);
            MultiLayerNetwork bare = new MultiLayerNetwork(TestNets.multiLayer(new MomentumSgd(0.05, 0.9)));
            bare.init();
            MultiLayerNetwork wrapped = new MultiLayerNetwork(
                    TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), config)));
            wrapped.init();
            // 4·6+6 + 6+6 + 6·3+3 trainable parameters in six variables; BatchNorm's mean and variance have no SAM
            long trainable = 30 + 12 + 21;
            long arrays = UpdaterStateMirror.arraysPerParameter(UpdaterStateMirror.rules(config));
            assertEquals(
                    bare.getUpdater().getStateViewArray().length()
                            + arrays * trainable
                            + 6 * UpdaterStateMirror.slotSize(config),
                    wrapped.getUpdater().getStateViewArray().length(),
                    preset);
            assertEquals(
                    preset.equals("sam") || preset.equals("saner") || preset.equals("ss-sam"),
                    arrays == 0 && UpdaterStateMirror.slotSize(config) == 0,
                    preset + " keeps DL4J's layout");
        }
        assertEquals(5, UpdaterStateMirror.slotSize(SamConfig.aeSam(0.1, 8)), "marker + mean, variance, steps, passes");
        assertEquals(2, UpdaterStateMirror.slotSize(SamPresets.get("fsam").config(PARAMETERS)), "marker + started");
        assertEquals(
                2,
                UpdaterStateMirror.arraysPerParameter(
                        UpdaterStateMirror.rules(SamPresets.get("msam").config(PARAMETERS))));
    }

    @Test
    void aRuleStateThatIsNotWholeArraysOrAStateOfTheWrongLengthIsAClearError() {
        StepRule odd = new StepRule() {
            @Override
            public long stateSize(long numParams) {
                return numParams + 1;
            }
        };
        IllegalStateException notWhole = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> UpdaterStateMirror.arraysPerParameter(Map.of("perturbation", odd)));
        assertTrue(notWhole.getMessage().contains("must be a multiple of n"), notWhole.getMessage());

        // an F-SAM block of 10 parameters under momentum SGD: 10 (base) + 10 (m) + 2 (slot); 12 is the old layout
        SharpnessAwareUpdater fsam = new SharpnessAwareUpdater(
                new MomentumSgd(0.05, 0.9), SamPresets.get("fsam").config(PARAMETERS));
        assertEquals(22, fsam.stateSize(10));
        SharpnessAwareGradientUpdater runtime =
                new SharpnessAwareGradientUpdater(fsam, Nd4j.zeros(DataType.DOUBLE, 1, 12), false);
        IllegalStateException wrongLength =
                org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> runtime.bind(10));
        assertTrue(
                wrongLength.getMessage().contains("12 state entries")
                        && wrongLength.getMessage().contains("saved by another configuration"),
                wrongLength.getMessage());
    }
}

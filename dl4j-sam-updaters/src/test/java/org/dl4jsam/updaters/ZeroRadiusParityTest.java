package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.secondpass.EveryStepConfig;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.dl4jsam.updaters.step.SharpnessSensitiveSelectionConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Contract 2 of docs/architecture.md: every preset at ρ = 0 reproduces the bare base updater bit-exactly
 * — same losses, same parameters (BatchNorm statistics included), same updater state.
 */
class ZeroRadiusParityTest {
    private static final int STEPS = 5;

    /** Every preset at ρ = 0 on every base updater; AE-SAM's schedule decides as usual. */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        List<IUpdater> bases =
                List.of(new Sgd(0.1), new Nesterovs(0.05, 0.9), new Adam(0.01), new MomentumSgd(0.05, 0.9));
        for (IUpdater base : bases) {
            for (SamPresets.Preset preset : SamPresets.all()) {
                cases.add(
                        Arguments.of(base, preset.name(), preset.config(new SamPresets.Parameters(0.0, 0.5, 2, 100))));
            }
        }
        return cases.stream();
    }

    @org.junit.jupiter.api.Test
    void sanerWithAlphaZeroIsSamExactly() {
        SamConfig saner = SamConfig.sam(0.1)
                .withGradientTransforms(new SanerConfig(0.0, 0, WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT));
        MultiLayerNetwork sam = new MultiLayerNetwork(
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.sam(0.1))));
        sam.init();
        SharpnessAware.attachTo(sam);
        MultiLayerNetwork zeroAlpha = new MultiLayerNetwork(
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), saner)));
        zeroAlpha.init();
        SharpnessAware.attachTo(zeroAlpha);
        for (int step = 0; step < STEPS; step++) {
            DataSet batch = TestNets.denseData(8, 200 + step);
            sam.fit(batch);
            zeroAlpha.fit(batch);
            assertArrayEquals(
                    sam.params().data().asDouble(),
                    zeroAlpha.params().data().asDouble(),
                    0.0,
                    "params at step " + step);
            assertTrue(
                    SharpnessAware.lastStep(zeroAlpha).orElseThrow().value(SanerConfig.MASKED_FRACTION) > 0,
                    "the mask was computed");
        }
        assertEquals(1, SharpnessAware.listenerOf(sam).orElseThrow().bufferCount(sam), "SAM: the weight backup only");
        assertEquals(2, SharpnessAware.listenerOf(zeroAlpha).orElseThrow().bufferCount(zeroAlpha), "SANER: no more");
    }

    /**
     * 0: bit-exact for every preset (GSAM forms {@code g⊥} from {@code g − ĝ}, which is exactly 0 at ρ = 0).
     */
    static double zeroRadiusTolerance(SamConfig config) {
        return 0.0;
    }

    /**
     * Whether ρ = 0 reduces a configuration to its base updater. Not for step algorithms whose ĝ is
     * taken on part of the batch (1-SAM's single examples with their own batch-norm statistics, ESAM's
     * selected half): there ĝ at ρ = 0 is another batch's gradient, by design.
     */
    static boolean reducesToBaseAtZeroRadius(SamConfig config, long batchSize) {
        if (config.stepAlgorithm() instanceof SharpnessSensitiveSelectionConfig sds) {
            return sds.selected(batchSize) >= batchSize;
        }
        if (config.stepAlgorithm() instanceof org.dl4jsam.updaters.step.MixedPointStepConfig mixed) {
            return mixed.microBatchSize() == 0 || mixed.microBatchSize() >= batchSize;
        }
        return !(config.stepAlgorithm() instanceof MicroBatchStepConfig micro) || micro.microBatchSize() >= batchSize;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void reproducesBareBaseUpdaterBitExactly(IUpdater base, String preset, SamConfig sam) {
        org.junit.jupiter.api.Assumptions.assumeTrue(reducesToBaseAtZeroRadius(sam, 8), "ĝ from part of the batch");
        MultiLayerNetwork bare = new MultiLayerNetwork(TestNets.multiLayer(base.clone()));
        bare.init();
        MultiLayerNetwork wrapped =
                new MultiLayerNetwork(TestNets.multiLayer(new SharpnessAwareUpdater(base.clone(), sam)));
        wrapped.init();
        assertArrayEquals(
                bare.params().data().asDouble(), wrapped.params().data().asDouble(), 0.0);
        SharpnessAware.attachTo(wrapped);

        for (int step = 0; step < STEPS; step++) {
            DataSet batch = TestNets.denseData(8, 100 + step);
            bare.fit(batch);
            wrapped.fit(batch);
            double tolerance = zeroRadiusTolerance(sam);
            assertEquals(bare.score(), wrapped.score(), tolerance, "loss at step " + step);
            assertArrayEquals(
                    bare.params().data().asDouble(),
                    wrapped.params().data().asDouble(),
                    tolerance,
                    "params at step " + step);
            SamStepDiagnostics diagnostics = SharpnessAware.lastStep(wrapped).orElseThrow();
            if (sam.secondPass() instanceof EveryStepConfig) {
                assertTrue(diagnostics.secondPass(), "an every-step schedule takes the second pass");
            }
            assertFalse(diagnostics.skipped());
        }
        if (bare.getUpdater().getStateViewArray() != null) {
            // block by block: the base updater's state, then the rules' arrays and one slot per parameter variable
            // (UpdaterStateMirror)
            List<UpdaterBlock> bareBlocks = ((BaseMultiLayerUpdater<?>) bare.getUpdater()).getUpdaterBlocks();
            List<UpdaterBlock> wrappedBlocks = ((BaseMultiLayerUpdater<?>) wrapped.getUpdater()).getUpdaterBlocks();
            assertEquals(bareBlocks.size(), wrappedBlocks.size(), "updater blocks");
            for (int b = 0; b < bareBlocks.size(); b++) {
                INDArray bareView = bareBlocks.get(b).getUpdaterView();
                INDArray wrappedView = wrappedBlocks.get(b).getUpdaterView();
                long bareLength = bareView == null ? 0 : bareView.length();
                long variables =
                        wrappedBlocks.get(b).getLayersAndVariablesInBlock().size();
                boolean samBlock = wrappedBlocks.get(b).getGradientUpdater() instanceof SharpnessAwareGradientUpdater;
                long blockParams = wrappedBlocks.get(b).getParamOffsetEnd()
                        - wrappedBlocks.get(b).getParamOffsetStart();
                long slots = samBlock
                        ? variables * UpdaterStateMirror.slotSize(sam)
                                + blockParams * UpdaterStateMirror.arraysPerParameter(UpdaterStateMirror.rules(sam))
                        : 0;
                assertEquals(bareLength + slots, wrappedView == null ? 0 : wrappedView.length(), "block " + b);
                if (bareLength > 0) {
                    assertArrayEquals(
                            bareView.dup().data().asDouble(),
                            wrappedView
                                    .get(NDArrayIndex.all(), NDArrayIndex.interval(0, bareLength))
                                    .dup()
                                    .data()
                                    .asDouble(),
                            zeroRadiusTolerance(sam),
                            "updater state of block " + b);
                }
            }
        }
        assertTrue(wrapped.getIterationCount() == STEPS && bare.getIterationCount() == STEPS);
    }
}

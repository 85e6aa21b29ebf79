package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.ParameterKind;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.spi.StepContext;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The engine's seams: array state saved and restored bit-exactly (and its loss or mismatch reported),
 * parameter segments and scopes, per-example losses for step algorithms.
 */
class StepSeamTest {

    /** A stateful perturbation with array state (VaSSO-like): {@code d ← (1−θ)d + θg}, {@code ε = ρd/‖d‖}. */
    record EmaDirection(double rho, double theta) implements PerturbationConfig {
        @JsonCreator
        EmaDirection(@JsonProperty("rho") double rho, @JsonProperty("theta") double theta) {
            this.rho = rho;
            this.theta = theta;
        }

        @Override
        public PerturbationRule newRule() {
            return new PerturbationRule() {
                private INDArray direction;

                @Override
                public long stateSize(long numParams) {
                    return numParams;
                }

                @Override
                public void setStateView(INDArray view) {
                    direction = view;
                }

                @Override
                public double perturb(StepContext context) {
                    direction.muli(1 - theta);
                    Blas.axpy(theta / context.gradientScale(), context.gradient(), direction);
                    double norm = direction.norm2Number().doubleValue();
                    Blas.axpy(rho / (norm + 1e-12), direction, context.params());
                    return rho;
                }
            };
        }
    }

    private static double[] params(MultiLayerNetwork network) {
        return network.params().dup().data().asDouble();
    }

    @Test
    void arrayStateIsSavedAndRestoredBitExactly(@TempDir Path dir) throws IOException {
        SamConfig config = SamConfig.sam(0.1).withPerturbation(new EmaDirection(0.1, 0.3));
        MultiLayerNetwork straight = TestNets.samNetwork(config);
        MultiLayerNetwork first = TestNets.samNetwork(config);
        for (int step = 0; step < 3; step++) {
            straight.fit(TestNets.denseData(8, step));
            first.fit(TestNets.denseData(8, step));
        }
        assertEquals(
                first.numParams(),
                SharpnessAware.listenerOf(first).orElseThrow().stateEntries(first),
                "one state entry per parameter");
        File file = dir.resolve("ema.zip").toFile();
        SharpnessAware.writeModel(first, file, true);
        assertTrue(ModelSerializer.listObjectsInFile(file).contains(SharpnessAware.STATE_ARRAY_ENTRY));
        MultiLayerNetwork resumed = SharpnessAware.restoreMultiLayerNetwork(file, true);
        MultiLayerNetwork stateLost = ModelSerializer.restoreMultiLayerNetwork(file, true);
        forgetMirroredState(stateLost);
        SharpnessAware.attachTo(stateLost);
        for (int step = 3; step < 6; step++) {
            straight.fit(TestNets.denseData(8, step));
            resumed.fit(TestNets.denseData(8, step));
            stateLost.fit(TestNets.denseData(8, step));
            assertArrayEquals(params(straight), params(resumed), 0.0, "step " + step);
        }
        assertFalse(Arrays.equals(params(straight), params(stateLost)), "the state matters: without it, d restarts");
    }

    /** Unwrite the copy of the rules' state that the updater state carries (UpdaterStateMirror). */
    private static void forgetMirroredState(MultiLayerNetwork network) {
        for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) network.getUpdater()).getUpdaterBlocks()) {
            block.init();
            if (block.getGradientUpdater() instanceof SharpnessAwareGradientUpdater sam) {
                sam.bind((long) block.getParamOffsetEnd() - block.getParamOffsetStart());
                sam.slot().assign(0);
            }
        }
    }

    @Test
    void aMissingOrForeignStateIsAClearError(@TempDir Path dir) throws IOException {
        SamConfig config = SamConfig.sam(0.1).withPerturbation(new EmaDirection(0.1, 0.3));
        MultiLayerNetwork network = TestNets.samNetwork(config);
        network.fit(TestNets.denseData(8, 1));
        File good = dir.resolve("good.zip").toFile();
        SharpnessAware.writeModel(network, good, true);
        String stateJson = ModelSerializer.getObjectFromFile(good, SharpnessAware.STATE_ENTRY);

        File truncated = dir.resolve("truncated.zip").toFile();
        ModelSerializer.writeModel(network, truncated, true);
        ModelSerializer.addObjectToFile(truncated, SharpnessAware.STATE_ENTRY, stateJson);
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> SharpnessAware.restoreMultiLayerNetwork(truncated, true));
        assertTrue(missing.getMessage().contains("is missing"), missing.getMessage());

        MultiLayerNetwork other = TestNets.samNetwork(SamConfig.sam(0.2).withPerturbation(new EmaDirection(0.2, 0.3)));
        File foreign = dir.resolve("foreign.zip").toFile();
        ModelSerializer.writeModel(other, foreign, true);
        ModelSerializer.addObjectToFile(foreign, SharpnessAware.STATE_ENTRY, stateJson);
        IllegalArgumentException mismatch = assertThrows(
                IllegalArgumentException.class, () -> SharpnessAware.restoreMultiLayerNetwork(foreign, true));
        assertTrue(mismatch.getMessage().contains("belongs to"), mismatch.getMessage());
    }

    @Test
    void segmentsNameEveryParameterAndScopesSelectThem() {
        ComputationGraph graph = new ComputationGraph(
                TestNets.convBatchNormGraph(new SharpnessAwareUpdater(new MomentumSgd(), SamConfig.sam(0.1))));
        graph.init();
        SamStepEngine engine = SharpnessAware.attachTo(graph).engine(graph);
        List<ParameterSegment> segments = engine.context().segments();
        assertEquals(
                graph.numParams(),
                segments.stream().mapToLong(ParameterSegment::length).sum());
        assertEquals(
                List.of(
                        ParameterKind.BATCHNORM_GAMMA,
                        ParameterKind.BATCHNORM_BETA,
                        ParameterKind.STATISTIC,
                        ParameterKind.STATISTIC),
                segments.stream()
                        .filter(s -> s.layer().equals("bn"))
                        .map(ParameterSegment::kind)
                        .toList());
        assertTrue(segments.stream()
                .filter(s -> s.kind() == ParameterKind.STATISTIC)
                .noneMatch(ParameterSegment::trainable));
        assertEquals(engine.context().trainableCount(), engine.context().count(ParameterScope.allTrainable()));
        long weights = segments.stream()
                .filter(s -> s.trainable() && s.kind() == ParameterKind.WEIGHT)
                .mapToLong(ParameterSegment::length)
                .sum();
        assertEquals(weights, engine.context().count(ParameterScope.weightsOnly()));
        String last = segments.stream()
                .filter(ParameterSegment::trainable)
                .reduce((a, b) -> b)
                .orElseThrow()
                .layer();
        assertEquals(
                engine.context().count(ParameterScope.layers(last)),
                engine.context().count(ParameterScope.lastLayer()),
                "the output layer");
        INDArray[] views = engine.context().views(ParameterScope.layers("bn"), graph.params());
        assertEquals(1, views.length, "γ and β are adjacent: one view");
        assertEquals(graph.getParam("bn_gamma").length() * 2, views[0].length());
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> engine.context().count(ParameterScope.layers("nope")));
        assertTrue(unknown.getMessage().contains("trainable layers are"), unknown.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> new ParameterScope(ParameterScope.Selection.NAMED_LAYERS, null));
    }

    /** Records the per-example losses at w that a step algorithm sees, then runs SAM's step. */
    record RecordingStep() implements StepAlgorithmConfig {
        static final java.util.List<double[]> LOSSES = new java.util.ArrayList<>();

        @Override
        public StepAlgorithm newAlgorithm() {
            return passes -> {
                LOSSES.add(passes.exampleLosses(passes.batch()).dup().data().asDouble());
                passes.perturb();
                return passes.computeGradient();
            };
        }
    }

    @Test
    void stepAlgorithmsSeePerExampleLossesAtTheCurrentWeights() {
        RecordingStep.LOSSES.clear();
        MultiLayerNetwork network = TestNets.samNetwork(SamConfig.sam(0.1).withStepAlgorithm(new RecordingStep()));
        DataSet batch = TestNets.denseData(8, 7);
        INDArray probabilities = network.output(batch.getFeatures(), false);
        network.fit(batch);
        double[] losses = RecordingStep.LOSSES.get(0);
        assertEquals(8, losses.length);
        for (int i = 0; i < 8; i++) {
            int label = batch.getLabels().getRow(i).argMax().getInt(0);
            assertEquals(
                    -Math.log(probabilities.getDouble(i, label)), losses[i], 1e-12, "cross-entropy of example " + i);
        }
        assertEquals(8, network.batchSize(), "the batch is the model's again after the step");
        assertTrue(
                Double.isFinite(SharpnessAware.lastStep(network).orElseThrow().perturbedLoss()));
    }

    @Test
    void microBatchesOnAGraphFollowTheSameNetworkAsMultiLayerNetwork() {
        SamConfig config = SamConfig.sam(0.1).withStepAlgorithm(new MicroBatchStepConfig(3)); // 8 = 3 + 3 + 2
        MultiLayerNetwork network = TestNets.samNetwork(config);
        ComputationGraph graph = network.toComputationGraph();
        SharpnessAware.attachTo(graph);
        for (int step = 0; step < 3; step++) {
            DataSet batch = TestNets.denseData(8, 60 + step);
            network.fit(batch);
            graph.fit(batch);
            assertArrayEquals(params(network), graph.params().dup().data().asDouble(), 1e-12, "step " + step);
        }
        assertEquals(8, graph.getInputs()[0].size(0), "the whole batch is back on the graph");
    }

    @Test
    void microBatchesOnAMaskedMultiInputGraphRestoreTheBatch() {
        ComputationGraph sam = new ComputationGraph(TestNets.multiInputOutputGraph(
                new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.sam(0.1))));
        sam.init();
        SharpnessAware.attachTo(sam);
        ComputationGraph micro = new ComputationGraph(TestNets.multiInputOutputGraph(new SharpnessAwareUpdater(
                new MomentumSgd(0.05, 0.9), SamConfig.sam(0.1).withStepAlgorithm(new MicroBatchStepConfig(3)))));
        micro.init();
        SharpnessAware.attachTo(micro);
        ComputationGraph whole = new ComputationGraph(TestNets.multiInputOutputGraph(new SharpnessAwareUpdater(
                new MomentumSgd(0.05, 0.9), SamConfig.sam(0.1).withStepAlgorithm(new MicroBatchStepConfig(8)))));
        whole.init();
        SharpnessAware.attachTo(whole);
        long[] seenByTheUpdater = new long[3];
        micro.addListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) { // after the SAM step
                seenByTheUpdater[0] = micro.getInputs()[1].size(0);
                seenByTheUpdater[1] = micro.getLabelMaskArrays()[1].size(0);
                seenByTheUpdater[2] = micro.batchSize();
            }
        });
        org.nd4j.linalg.dataset.api.MultiDataSet batch = TestNets.multiInputOutputData(8, 3);
        sam.fit(batch);
        micro.fit(batch);
        whole.fit(batch);
        assertArrayEquals(
                sam.params().dup().data().asDouble(),
                whole.params().dup().data().asDouble(),
                0.0,
                "one micro-batch holding the whole batch is SAM exactly");
        assertFalse(
                Arrays.equals(
                        sam.params().dup().data().asDouble(),
                        micro.params().dup().data().asDouble()),
                "three micro-batches are not");
        assertArrayEquals(new long[] {8, 8, 8}, seenByTheUpdater, "inputs, masks and batch size are the whole batch's");
        assertTrue(Double.isFinite(SharpnessAware.lastStep(micro).orElseThrow().perturbedLoss()));
    }
}

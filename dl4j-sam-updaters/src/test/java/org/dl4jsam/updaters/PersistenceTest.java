package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Contract 5b of docs/architecture.md: save → restore → continue is bit-identical to training straight through (weights,
 * BatchNorm statistics, base-updater state, AE-SAM statistics, iteration/epoch-driven schedules),
 * and the listener survives Java serialization.
 */
class PersistenceTest {
    private static final int K = 4;

    @TempDir
    Path dir;

    @Test
    void aeSamMultiLayerNetworkContinuesInLockstepAfterRestore() throws IOException {
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
        SharpnessAware.writeModel(first, file, true);
        MultiLayerNetwork resumed = SharpnessAware.restoreMultiLayerNetwork(file, true);
        assertEquals(stateOf(first), stateOf(resumed));
        assertEquals((double) K, stateOf(resumed).get("steps"));

        TestNets.fitInLockstep(straight, resumed, K, 2 * K, "AE-SAM");
        assertArrayEquals(
                straight.params().data().asDouble(), resumed.params().data().asDouble(), 0.0);
        assertArrayEquals(
                straight.getUpdater().getStateViewArray().data().asDouble(),
                resumed.getUpdater().getStateViewArray().data().asDouble(),
                0.0);
        assertEquals(stateOf(straight), stateOf(resumed));
        double fraction = SharpnessAware.lastStep(resumed).orElseThrow().secondPassFraction();
        assertTrue(fraction > 0 && fraction < 1, "AE-SAM mixed SAM and ERM steps: " + fraction);
    }

    @Test
    void sanerGraphWithIterationWarmupContinuesInLockstepThroughPlainModelSerializer() throws IOException {
        SamConfig saner = SamConfig.sam(0.1)
                .withGradientTransforms(new SanerConfig(0.5, 6, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT));
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), saner);
        ComputationGraph straight = new ComputationGraph(TestNets.convBatchNormGraph(updater));
        straight.init();
        SharpnessAware.attachTo(straight);
        ComputationGraph first = new ComputationGraph(TestNets.convBatchNormGraph(updater));
        first.init();
        SharpnessAware.attachTo(first);
        for (int step = 0; step < K; step++) {
            straight.fit(TestNets.imageData(8, step));
            first.fit(TestNets.imageData(8, step));
        }
        File file = dir.resolve("cg.zip").toFile();
        ModelSerializer.writeModel(first, file, true); // stateless variant: DL4J's own serializer suffices
        ComputationGraph resumed = ModelSerializer.restoreComputationGraph(file, true);
        SharpnessAware.attachTo(resumed);
        for (int step = K; step < 2 * K; step++) {
            straight.fit(TestNets.imageData(8, step));
            resumed.fit(TestNets.imageData(8, step));
        }
        assertArrayEquals(
                straight.params().data().asDouble(), resumed.params().data().asDouble(), 0.0);
        SamStepDiagnostics last = SharpnessAware.lastStep(resumed).orElseThrow();
        assertEquals(0.5 * Math.min(1.0, (2 * K - 1) / 6.0), last.value(SanerConfig.ALPHA), 1e-15);
    }

    @Test
    void aFileWithoutTheStateAStatefulVariantNeedsIsAnErrorUnlessFreshStateIsAsked() throws IOException {
        SharpnessAwareUpdater fsam = new SharpnessAwareUpdater(
                new MomentumSgd(0.05, 0.9),
                SamConfig.sam(0.1)
                        .withPerturbation(new org.dl4jsam.updaters.perturbation.FsamPerturbationConfig(0.1, 1.0, 0.9)));
        MultiLayerNetwork trained = new MultiLayerNetwork(TestNets.multiLayer(fsam));
        trained.init();
        SharpnessAware.attachTo(trained);
        for (int step = 0; step < K; step++) {
            trained.fit(TestNets.denseData(8, step));
        }
        File file = dir.resolve("plain.zip").toFile();
        ModelSerializer.writeModel(trained, file, true); // F-SAM's gradient average travels in the updater state
        SharpnessAware.restoreMultiLayerNetwork(file, true).fit(TestNets.denseData(8, K));

        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> SharpnessAware.restoreMultiLayerNetwork(file, false));
        assertTrue(
                refused.getMessage().contains("holds no SAM state")
                        && refused.getMessage().contains("loadUpdater = true")
                        && refused.getMessage().contains("allowFreshSamState"),
                refused.getMessage());
        SharpnessAware.restoreMultiLayerNetwork(file, false, true).fit(TestNets.denseData(8, K)); // asked for

        MultiLayerNetwork untrained = new MultiLayerNetwork(TestNets.multiLayer(fsam));
        untrained.init();
        File before = dir.resolve("untrained.zip").toFile();
        ModelSerializer.writeModel(untrained, before, true);
        SharpnessAware.restoreMultiLayerNetwork(before, false); // nothing trained, nothing lost: no error

        SharpnessAwareUpdater aeSam =
                new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.aeSam(0.1, 2 * K));
        MultiLayerNetwork scalarsOnly = new MultiLayerNetwork(TestNets.multiLayer(aeSam));
        scalarsOnly.init();
        SharpnessAware.attachTo(scalarsOnly);
        scalarsOnly.fit(TestNets.denseData(8, 0));
        File plainAeSam = dir.resolve("ae-sam.zip").toFile();
        ModelSerializer.writeModel(scalarsOnly, plainAeSam, true);
        SharpnessAware.restoreMultiLayerNetwork(plainAeSam, true); // AE-SAM's scalars travel in the updater state
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> SharpnessAware.restoreMultiLayerNetwork(plainAeSam, false),
                "without the updater state the scalars are gone too");
    }

    @Test
    void listenerSurvivesJavaSerializationAndServesANewModel() throws Exception {
        SharpnessAwareListener listener = new SharpnessAwareListener(SamConfig.saner(0.05, 0.5));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(listener);
        }
        SharpnessAwareListener copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SharpnessAwareListener) in.readObject();
        }
        assertEquals(listener.explicitConfig(), copy.explicitConfig());

        MultiLayerNetwork network = new MultiLayerNetwork(TestNets.multiLayer(new Sgd(0.1)));
        network.init();
        network.setListeners(List.of(copy));
        network.fit(TestNets.denseData(8, 1));
        SamStepDiagnostics step = copy.lastStep(network).orElseThrow();
        assertTrue(step.secondPass());
        assertTrue(Double.isFinite(step.perturbedLoss()) && step.perturbationNorm() > 0);
        assertEquals(0.05, step.perturbationNorm(), 1e-12, "‖ε‖ = ρ");
    }

    private static Map<String, Double> stateOf(Model model) {
        return SharpnessAware.listenerOf(model)
                .orElseThrow()
                .engine(model)
                .state()
                .scalars()
                .get("secondPass");
    }
}

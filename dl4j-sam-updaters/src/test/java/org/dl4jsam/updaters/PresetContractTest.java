package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.secondpass.NoSecondPassConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The contract every preset of {@link SamPresets} keeps, on a network with BatchNorm: JSON matches a
 * golden file and round-trips (ours and DL4J's mapper), ρ = 0 is the bare base updater bit-exactly, a
 * save/restore continues in lockstep, the weights are restored exactly, non-finite {@code g} and
 * {@code ĝ} are handled by both policies under both BatchNorm policies without changing anything, and
 * a detached listener is caught. Regenerate the golden files with {@code -Dgolden.update=true}.
 */
class PresetContractTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final int STEPS = 4;
    private static final SamPresets.Parameters PARAMETERS = new SamPresets.Parameters(0.1, 0.5, 2, 20);

    static Stream<Arguments> presets() {
        return SamPresets.all().stream().map(p -> Arguments.of(p.name(), p));
    }

    static Stream<Arguments> presetsAndPolicies() {
        List<Arguments> cases = new ArrayList<>();
        for (SamPresets.Preset preset : SamPresets.all()) {
            for (BatchNormPolicy batchNorm : BatchNormPolicy.values()) {
                for (NonFinitePolicy nonFinite : NonFinitePolicy.values()) {
                    cases.add(Arguments.of(preset.name(), preset, batchNorm, nonFinite));
                }
            }
        }
        return cases.stream();
    }

    private static MultiLayerNetwork network(SamConfig config, org.nd4j.linalg.learning.config.IUpdater base) {
        MultiLayerNetwork network = new MultiLayerNetwork(TestNets.multiLayer(new SharpnessAwareUpdater(base, config)));
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }

    private static double[] params(MultiLayerNetwork network) {
        return network.params().dup().data().asDouble();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void jsonMatchesGoldenAndRoundTrips(String name, SamPresets.Preset preset) throws IOException {
        SamConfig config = preset.config(PARAMETERS);
        String json = config.toJson();
        Path file = GOLDEN.resolve("preset-" + name + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, json.strip() + "\n", StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8).strip(), json.strip(), "golden " + file);
        assertEquals(config, SamConfig.fromJson(json));
        MultiLayerConfiguration conf = TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(), config));
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()), "through DL4J's mapper");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void zeroRadiusIsTheBareBaseUpdaterBitExactly(String name, SamPresets.Preset preset) {
        SamConfig config = preset.config(new SamPresets.Parameters(0.0, 0.5, 2, 20));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ZeroRadiusParityTest.reducesToBaseAtZeroRadius(config, 8), "ĝ from part of the batch");
        MultiLayerNetwork bare = new MultiLayerNetwork(TestNets.multiLayer(new MomentumSgd(0.05, 0.9)));
        bare.init();
        MultiLayerNetwork sam = network(config, new MomentumSgd(0.05, 0.9));
        for (int step = 0; step < STEPS; step++) {
            DataSet batch = TestNets.denseData(8, 10 + step);
            bare.fit(batch);
            sam.fit(batch);
            double tolerance = ZeroRadiusParityTest.zeroRadiusTolerance(config);
            assertArrayEquals(params(bare), params(sam), tolerance, name + " step " + step);
            assertEquals(bare.score(), sam.score(), tolerance);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void saveAndRestoreContinuesInLockstep(String name, SamPresets.Preset preset, @TempDir Path dir)
            throws IOException {
        SamConfig config = preset.config(PARAMETERS);
        MultiLayerNetwork straight = network(config, new MomentumSgd(0.05, 0.9));
        MultiLayerNetwork first = network(config, new MomentumSgd(0.05, 0.9));
        for (int step = 0; step < STEPS; step++) {
            straight.fit(TestNets.denseData(8, 20 + step));
            first.fit(TestNets.denseData(8, 20 + step));
            first.incrementEpochCount();
            straight.incrementEpochCount();
        }
        File file = dir.resolve(name + ".zip").toFile();
        SharpnessAware.writeModel(first, file, true);
        MultiLayerNetwork resumed = SharpnessAware.restoreMultiLayerNetwork(file, true);
        for (int step = STEPS; step < 2 * STEPS; step++) {
            straight.fit(TestNets.denseData(8, 20 + step));
            resumed.fit(TestNets.denseData(8, 20 + step));
            straight.incrementEpochCount();
            resumed.incrementEpochCount();
            assertArrayEquals(params(straight), params(resumed), 0.0, name + " step " + step);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void weightsAreRestoredExactlyBeforeTheUpdate(String name, SamPresets.Preset preset) {
        MultiLayerNetwork network = network(preset.config(PARAMETERS), new Sgd(0.0));
        // BatchNorm's running statistics move; every trainable entry must come back bit-exactly
        MultiLayerNetwork reference = new MultiLayerNetwork(TestNets.multiLayer(new Sgd(0.0)));
        reference.init();
        for (int step = 0; step < STEPS; step++) {
            network.fit(TestNets.denseData(8, 30 + step));
            reference.fit(TestNets.denseData(8, 30 + step));
            assertArrayEquals(params(reference), params(network), 0.0, name + " step " + step);
        }
    }

    @ParameterizedTest(name = "{0} {2} {3}")
    @MethodSource("presetsAndPolicies")
    void nonFiniteGradientsChangeNothing(
            String name, SamPresets.Preset preset, BatchNormPolicy batchNorm, NonFinitePolicy nonFinite) {
        SamConfig config =
                preset.config(PARAMETERS).withBatchNormPolicy(batchNorm).withNonFinitePolicy(nonFinite);
        SamConfig exploding = preset.config(new SamPresets.Parameters(1e300, 0.5, 2, 20))
                .withBatchNormPolicy(batchNorm)
                .withNonFinitePolicy(nonFinite);
        MultiLayerNetwork network = network(config, new MomentumSgd(0.05, 0.9));
        network.fit(TestNets.denseData(8, 40));
        DataSet poisoned = TestNets.denseData(8, 41);
        poisoned.getFeatures().putScalar(0, 0, Double.NaN); //     non-finite g
        expectUnchanged(name + " g", network, poisoned, nonFinite);
        network.fit(TestNets.denseData(8, 42));
        assertFalse(SharpnessAware.lastStep(network).orElseThrow().skipped(), name + " trains on");
        // logit-SAM hands on J(w)ᵀ·δ(w+ε): a softmax error is bounded, so a huge ε need not overflow its gradient
        boolean logitSam = exploding.stepAlgorithm() instanceof org.dl4jsam.updaters.step.MixedPointStepConfig mixed
                && mixed.perturbed() == org.dl4jsam.updaters.step.MixedPointStepConfig.PerturbedFactor.LOGIT_DERIVATIVE;
        if (preset.sharpnessAware() && !(exploding.secondPass() instanceof NoSecondPassConfig) && !logitSam) {
            MultiLayerNetwork overflowing = network(exploding, new MomentumSgd(0.05, 0.9)); // ĝ at w + ε overflows
            expectUnchanged(name + " ĝ", overflowing, TestNets.denseData(8, 43), nonFinite);
        }
    }

    private static void expectUnchanged(String what, MultiLayerNetwork network, DataSet batch, NonFinitePolicy policy) {
        double[] before = params(network);
        if (policy == NonFinitePolicy.FAIL) {
            assertThrows(NonFiniteGradientException.class, () -> network.fit(batch), what);
        } else {
            network.fit(batch);
            assertTrue(SharpnessAware.lastStep(network).orElseThrow().skipped(), what + " skipped");
        }
        assertArrayEquals(before, params(network), 0.0, what + ": nothing changed, BatchNorm statistics included");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void aDetachedListenerIsCaught(String name, SamPresets.Preset preset) {
        MultiLayerNetwork network = new MultiLayerNetwork(
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(), preset.config(PARAMETERS))));
        network.init();
        IllegalStateException error =
                assertThrows(IllegalStateException.class, () -> network.fit(TestNets.denseData(8, 50)));
        assertTrue(error.getMessage().contains("SharpnessAware.attachTo(model)"), error.getMessage());
    }
}

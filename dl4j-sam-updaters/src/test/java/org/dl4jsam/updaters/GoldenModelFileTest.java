package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.perturbation.NormalizedPerturbationConfig;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ADR 0003: a model file written by 0.1.0 (a stateful, scoped, chained SAM configuration with its
 * saved runtime state) loads in this version, with its configuration and state, and trains on; its JSON
 * names the seams by their type ids and no Java package of this library. The file is pinned by its SHA-256:
 * it is written only with its own switch {@code -Dgolden.model.update=true} (not the other goldens'), and a
 * rewritten file fails until {@link #SHA_256} is changed by hand, which after 0.1.0 is never done.
 */
class GoldenModelFileTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/model-0.1.0.zip");
    /** The released file's digest. */
    static final String SHA_256 = "568ceb143f953bfcd240a3f14a1d2c9935d7a16fda84b59b4c4553a802688833";

    static SamConfig config() {
        return SamPresets.get("ae-saner")
                .config(new SamPresets.Parameters(0.1, 0.5, 2, 40))
                .withPerturbation(new NormalizedPerturbationConfig(0.1, ParameterScope.weightsOnly()))
                .withStepAlgorithm(new MicroBatchStepConfig(4))
                .withWeightDecay(WeightDecayConfig.pytorch(5e-4));
    }

    @Test
    void theReleasedModelFileLoadsWithItsConfigurationAndStateAndTrainsOn(@TempDir Path dir) throws IOException {
        if (Boolean.getBoolean("golden.model.update")) {
            MultiLayerNetwork network = new MultiLayerNetwork(
                    TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), config())));
            network.init();
            SharpnessAware.attachTo(network);
            for (int step = 0; step < 3; step++) {
                network.fit(TestNets.denseData(8, step));
            }
            SharpnessAware.writeModel(network, GOLDEN.toFile(), true);
        }
        assertEquals(SHA_256, sha256(GOLDEN), "the released model file changed: it is never rewritten after 0.1.0");
        String json;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(GOLDEN.toFile())) {
            json = new String(
                    zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String id : new String[] {"sam", "ae-sam", "micro-batches", "saner"}) {
            assertTrue(json.contains("\"" + org.dl4jsam.updaters.spi.SeamTypeIds.PROPERTY + "\" : \"" + id + "\""), id);
        }
        assertTrue(
                !json.contains("org.dl4jsam.updaters.perturbation") && !json.contains("org.dl4jsam.updaters.step"),
                "the seams are named by type id, not by class");
        File copy = dir.resolve("model.zip").toFile();
        Files.copy(GOLDEN, copy.toPath(), StandardCopyOption.REPLACE_EXISTING);
        MultiLayerNetwork restored = SharpnessAware.restoreMultiLayerNetwork(copy, true);
        assertEquals(config(), SharpnessAware.listenerOf(restored).orElseThrow().configFor(restored));
        SamRuntimeState state = SharpnessAware.listenerOf(restored)
                .orElseThrow()
                .engine(restored)
                .state();
        assertEquals(3.0, state.scalars().get("secondPass").get("steps"), "AE-SAM's counters came back");
        assertEquals(3, restored.getIterationCount());
        restored.fit(TestNets.denseData(8, 3));
        assertEquals(
                4.0,
                SharpnessAware.listenerOf(restored)
                        .orElseThrow()
                        .engine(restored)
                        .state()
                        .scalars()
                        .get("secondPass")
                        .get("steps"));
        assertTrue(Double.isFinite(restored.score()));
    }

    static String sha256(Path file) throws IOException {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.perturbation.NormalizedPerturbationConfig;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Contract 5a of docs/architecture.md: configurations beyond the presets (policies, decay, scopes, step algorithms; the presets
 * themselves are in {@link PresetContractTest}) round-trip through JSON and match a committed golden file
 * (src/test/resources/golden). Regenerate after an intended format change with
 * {@code mvn test -Dtest=JsonGoldenTest -Dgolden.update=true} and review the diff.
 */
class JsonGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Map<String, SamConfig> configs() {
        Map<String, SamConfig> configs = new LinkedHashMap<>();
        configs.put("projected-unnormalized-sam", SamConfig.projectedUnnormalizedSam(0.3));
        configs.put(
                "saner-sgd-d",
                SamConfig.sam(0.1)
                        .withGradientTransforms(
                                new SanerConfig(0.5, 5, WarmupUnit.ITERATION, SanerMode.REPLACE_WITH_SGD)));
        configs.put(
                "ae-sam-saner-update-both-skip",
                SamConfig.aeSam(0.05, 2000)
                        .withGradientTransforms(SanerConfig.paperDefaults(0.25))
                        .withBatchNormPolicy(BatchNormPolicy.UPDATE_BOTH)
                        .withNonFinitePolicy(NonFinitePolicy.SKIP_STEP));
        configs.put(
                "weights-only-micro-batch",
                SamConfig.sam(0.1)
                        .withPerturbation(new NormalizedPerturbationConfig(0.1, ParameterScope.weightsOnly()))
                        .withStepAlgorithm(new MicroBatchStepConfig(16)));
        configs.put(
                "named-layers-two-transforms",
                SamConfig.sam(0.1)
                        .withPerturbation(new NormalizedPerturbationConfig(0.1, ParameterScope.layers("h1", "out")))
                        .withGradientTransforms(
                                SanerConfig.paperDefaults(0.5),
                                new SanerConfig(0.25, 0, WarmupUnit.ITERATION, SanerMode.REPLACE_WITH_SGD)));
        configs.put("erm-pytorch-weight-decay", SamConfig.erm().withWeightDecay(WeightDecayConfig.pytorch(5e-4)));
        configs.put(
                "sam-weight-decay-in-ascent-cosine",
                SamConfig.sam(0.05)
                        .withWeightDecay(new WeightDecayConfig(1e-4, true))
                        .withCosineDiagnostic(true));
        return configs;
    }

    static Stream<Arguments> samConfigs() {
        return configs().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samConfigs")
    void samConfigMatchesGoldenAndRoundTrips(String name, SamConfig config) throws IOException {
        String json = config.toJson();
        assertEquals(golden("sam-config-" + name, json), json.strip());
        assertEquals(config, SamConfig.fromJson(json));
        assertEquals(config, SamConfig.fromJson(golden("sam-config-" + name, json)));
    }

    static Stream<Arguments> updaters() {
        return Stream.of(
                Arguments.of("momentum-sgd", new MomentumSgd(0.05, 0.9)),
                Arguments.of(
                        "momentum-sgd-step-schedule",
                        new MomentumSgd(new StepSchedule(ScheduleType.EPOCH, 0.1, 0.1, 100), 0.9)),
                Arguments.of(
                        "sharpness-aware-momentum-sgd-saner",
                        new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.saner(0.1, 0.5))),
                Arguments.of(
                        "sharpness-aware-adam-ae-sam",
                        new SharpnessAwareUpdater(
                                new org.nd4j.linalg.learning.config.Adam(1e-3), SamConfig.aeSam(0.05, 500))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updaters")
    void updaterMatchesGoldenAndRoundTripsThroughDl4jMapper(String name, IUpdater updater) throws IOException {
        var mapper = NeuralNetConfiguration.mapper();
        String json = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(updater);
        assertEquals(golden("updater-" + name, json), json.strip());
        IUpdater read = mapper.readValue(golden("updater-" + name, json), IUpdater.class);
        assertEquals(updater, read);
        assertEquals(updater.clone(), read);
    }

    @Test
    void networkConfigurationCarriesTheSamConfigThroughJson() {
        SharpnessAwareUpdater updater =
                new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.saner(0.1, 0.5));
        MultiLayerConfiguration conf = TestNets.multiLayer(updater);
        MultiLayerConfiguration read = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, read);
        IUpdater first = ((BaseLayer) read.getConf(0).getLayer()).getIUpdater();
        assertInstanceOf(SharpnessAwareUpdater.class, first);
        assertEquals(updater, first);
        assertEquals(conf.toJson(), read.toJson());
    }

    private static String golden(String name, String current) throws IOException {
        Path file = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, current.strip() + "\n", StandardCharsets.UTF_8);
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}

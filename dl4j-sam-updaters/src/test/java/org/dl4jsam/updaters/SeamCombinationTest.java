package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.perturbation.AsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.EsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.FsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.GsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.NormalizedPerturbationConfig;
import org.dl4jsam.updaters.perturbation.UnnormalizedPerturbationConfig;
import org.dl4jsam.updaters.perturbation.VassoPerturbationConfig;
import org.dl4jsam.updaters.secondpass.EveryStepConfig;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.dl4jsam.updaters.step.MixedPointStepConfig;
import org.dl4jsam.updaters.step.SharpnessSensitiveSelectionConfig;
import org.dl4jsam.updaters.step.TwoPassStepConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The seams compose: every perturbation × every step algorithm × every transform chain the presets use
 * (not only the combinations the presets name), on a network with BatchNorm, momentum and a batch of 8
 * split into micro-batches of 4.
 * <ul>
 *   <li>At ρ = 0 every perturbation is ε = 0, so each combination must train bit-identically to plain SAM
 *       at ρ = 0 with the same step algorithm and chain: a rule that writes into another rule's buffer breaks
 *       this (ASAM's T and the micro-batch sum once shared a buffer).
 *   <li>At ρ = 0.1, a combination whose rules keep state continues bit-identically after
 *       {@code SharpnessAware.writeModel} and a restore.
 * </ul>
 */
class SeamCombinationTest {
    private static final int BATCH = 8;
    private static final int STEPS = 3;

    @TempDir
    Path dir;

    static Map<String, DoubleFunction<PerturbationConfig>> perturbations() {
        Map<String, DoubleFunction<PerturbationConfig>> all = new LinkedHashMap<>();
        all.put("sam", NormalizedPerturbationConfig::new);
        all.put("sam-weights", rho -> new NormalizedPerturbationConfig(rho, ParameterScope.weightsOnly()));
        all.put("usam", rho -> new UnnormalizedPerturbationConfig(rho, false));
        all.put("asam", AsamPerturbationConfig::official);
        all.put("gsam", rho -> new GsamPerturbationConfig(rho, rho / 2, 0.05, 0.0));
        all.put("fsam", rho -> new FsamPerturbationConfig(rho, 1.0, 0.9));
        all.put("vasso", rho -> new VassoPerturbationConfig(rho, 0.2));
        all.put("esam-swp", rho -> new EsamPerturbationConfig(rho, 0.5, 7));
        return all;
    }

    static Map<String, StepAlgorithmConfig> stepAlgorithms() {
        Map<String, StepAlgorithmConfig> all = new LinkedHashMap<>();
        all.put("two-pass", new TwoPassStepConfig());
        all.put("m-sharpness", new MicroBatchStepConfig(BATCH / 2));
        all.put("esam-sds", new SharpnessSensitiveSelectionConfig(0.5));
        all.put("j-sam", MixedPointStepConfig.jacobianSam());
        all.put("j-sam-groups", new MixedPointStepConfig(MixedPointStepConfig.PerturbedFactor.JACOBIAN, BATCH / 2));
        all.put("logit-sam", MixedPointStepConfig.logitSam());
        all.put(
                "logit-sam-groups",
                new MixedPointStepConfig(MixedPointStepConfig.PerturbedFactor.LOGIT_DERIVATIVE, BATCH / 2));
        return all;
    }

    /**
     * The chains of the presets that take a second pass (MSAM's one-pass chain runs no perturbation), one per
     * shape: the sequence of transform classes and whether each keeps array state (SANER's groups and scopes
     * share one shape; its reused mask is another).
     */
    static Collection<List<GradientTransformConfig>> chains() {
        Map<List<String>, List<GradientTransformConfig>> chains = new LinkedHashMap<>();
        for (SamPresets.Preset preset : SamPresets.all()) {
            List<GradientTransformConfig> chain =
                    preset.config(new SamPresets.Parameters(0.1, 0.5, 1, 100)).gradientTransforms();
            if (chain.stream().noneMatch(t -> t.requirements().onePassOnly())) {
                List<String> shape = chain.stream()
                        .map(t -> t.getClass().getSimpleName() + (t.newRule().stateSize(1) > 0 ? "+state" : ""))
                        .toList();
                chains.putIfAbsent(shape, chain);
            }
        }
        return chains.values();
    }

    static Stream<Arguments> combinations() {
        List<Arguments> cases = new ArrayList<>();
        for (var perturbation : perturbations().entrySet()) {
            for (var algorithm : stepAlgorithms().entrySet()) {
                for (List<GradientTransformConfig> chain : chains()) {
                    cases.add(Arguments.of(
                            perturbation.getKey() + " × " + algorithm.getKey() + " × " + names(chain),
                            perturbation.getValue(),
                            algorithm.getValue(),
                            chain));
                }
            }
        }
        return cases.stream();
    }

    private static String names(List<GradientTransformConfig> chain) {
        return chain.isEmpty()
                ? "[]"
                : chain.stream().map(t -> t.getClass().getSimpleName()).toList().toString();
    }

    private static SamConfig config(
            PerturbationConfig perturbation, StepAlgorithmConfig algorithm, List<GradientTransformConfig> chain) {
        return SamConfig.sam(0)
                .withPerturbation(perturbation)
                .withSecondPass(new EveryStepConfig())
                .withStepAlgorithm(algorithm)
                .withGradientTransforms(chain.toArray(new GradientTransformConfig[0]));
    }

    /** Plain SAM at ρ = 0's parameters after each step, per step algorithm and chain (computed once). */
    private static final Map<List<Object>, List<double[]>> REFERENCES = new HashMap<>();

    private static List<double[]> reference(StepAlgorithmConfig algorithm, List<GradientTransformConfig> chain) {
        return REFERENCES.computeIfAbsent(List.of(algorithm, chain), key -> {
            MultiLayerNetwork reference =
                    TestNets.samNetwork(config(new NormalizedPerturbationConfig(0.0), algorithm, chain));
            List<double[]> params = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                reference.fit(batch(step));
                params.add(reference.params().data().asDouble());
            }
            return params;
        });
    }

    private static DataSet batch(int step) {
        return TestNets.denseData(BATCH, 300 + step);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void atZeroRadiusEveryCombinationTrainsAsPlainSam(
            String name,
            DoubleFunction<PerturbationConfig> perturbation,
            StepAlgorithmConfig algorithm,
            List<GradientTransformConfig> chain) {
        List<double[]> reference = reference(algorithm, chain);
        MultiLayerNetwork combined = TestNets.samNetwork(config(perturbation.apply(0.0), algorithm, chain));
        for (int step = 0; step < STEPS; step++) {
            combined.fit(batch(step));
            assertArrayEquals(
                    reference.get(step),
                    combined.params().data().asDouble(),
                    0.0,
                    name + ": parameters after step " + step);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void statefulCombinationsContinueInLockstepAfterRestore(
            String name,
            DoubleFunction<PerturbationConfig> perturbation,
            StepAlgorithmConfig algorithm,
            List<GradientTransformConfig> chain)
            throws IOException {
        SamConfig config = config(perturbation.apply(0.1), algorithm, chain);
        MultiLayerNetwork straight = TestNets.samNetwork(config);
        SamStepEngine engine = SharpnessAware.listenerOf(straight).orElseThrow().engine(straight);
        org.junit.jupiter.api.Assumptions.assumeFalse(engine.state().isEmpty(), "no rule of it keeps state");
        MultiLayerNetwork first = TestNets.samNetwork(config);
        for (int step = 0; step < STEPS; step++) {
            straight.fit(batch(step));
            first.fit(batch(step));
        }
        File file = dir.resolve("model.zip").toFile();
        SharpnessAware.writeModel(first, file, true);
        MultiLayerNetwork resumed = SharpnessAware.restoreMultiLayerNetwork(file, true);
        for (int step = STEPS; step < 2 * STEPS; step++) {
            straight.fit(batch(step));
            resumed.fit(batch(step));
        }
        assertArrayEquals(
                straight.params().data().asDouble(), resumed.params().data().asDouble(), 0.0, name + ": parameters");
        SamRuntimeState expected = SharpnessAware.listenerOf(straight)
                .orElseThrow()
                .engine(straight)
                .state();
        SamRuntimeState actual =
                SharpnessAware.listenerOf(resumed).orElseThrow().engine(resumed).state();
        assertEquals(expected.scalars(), actual.scalars(), name + ": rule scalars");
        if (expected.array() != null) {
            assertArrayEquals(
                    expected.array().data().asDouble(), actual.array().data().asDouble(), 0.0, name);
        }
    }
}

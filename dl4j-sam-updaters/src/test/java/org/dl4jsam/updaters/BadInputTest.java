package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.perturbation.AsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.EsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.FsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.GsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.VassoPerturbationConfig;
import org.dl4jsam.updaters.secondpass.AeSamConfig;
import org.dl4jsam.updaters.secondpass.EveryKStepsConfig;
import org.dl4jsam.updaters.secondpass.StochasticSecondPassConfig;
import org.dl4jsam.updaters.step.SharpnessSensitiveSelectionConfig;
import org.dl4jsam.updaters.transform.GsamConfig;
import org.dl4jsam.updaters.transform.LookSamConfig;
import org.dl4jsam.updaters.transform.MsamConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.SanerOnePassSteps;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.dl4jsam.updaters.transform.WsamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/** Contract 6 of docs/architecture.md: invalid input fails clearly and loses nothing. */
class BadInputTest {

    static Stream<Arguments> invalidHyperParameters() {
        return Stream.of(
                Arguments.of("rho", (Supplier<?>) () -> SamConfig.sam(-0.1)),
                Arguments.of("rho", (Supplier<?>) () -> SamConfig.sam(Double.NaN)),
                Arguments.of("rho", (Supplier<?>) () -> SamConfig.unnormalizedSam(Double.POSITIVE_INFINITY)),
                Arguments.of("alpha", (Supplier<?>) () -> SamConfig.saner(0.1, 1.5)),
                Arguments.of("alpha", (Supplier<?>) () -> SamConfig.saner(0.1, Double.NaN)),
                Arguments.of("warmupLength", (Supplier<?>)
                        () -> new SanerConfig(0.5, -1, WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT)),
                Arguments.of("warmupUnit", (Supplier<?>) () -> new SanerConfig(0.5, 1, null, SanerMode.DOWNWEIGHT)),
                Arguments.of("lambda1", (Supplier<?>) () -> new AeSamConfig(2, 1, 0.9, 10)),
                Arguments.of("lambda2", (Supplier<?>) () -> new AeSamConfig(0, Double.NaN, 0.9, 10)),
                Arguments.of("delta", (Supplier<?>) () -> new AeSamConfig(-1, 1, 1.0, 10)),
                Arguments.of("delta", (Supplier<?>) () -> new AeSamConfig(-1, 1, 0.0, 10)),
                Arguments.of("totalIterations", (Supplier<?>) () -> SamConfig.aeSam(0.1, 0)),
                Arguments.of("momentum", (Supplier<?>) () -> new MomentumSgd(0.1, 1.0)),
                Arguments.of("momentum", (Supplier<?>) () -> new MomentumSgd(0.1, -0.5)),
                Arguments.of("learningRate", (Supplier<?>) () -> new MomentumSgd(-0.1, 0.9)),
                Arguments.of("base", (Supplier<?>) () -> new SharpnessAwareUpdater(null, SamConfig.sam(0.1))),
                Arguments.of("sam", (Supplier<?>) () -> new SharpnessAwareUpdater(new Sgd(0.1), null)),
                Arguments.of(
                        "perturbation", (Supplier<?>) () -> SamConfig.sam(0.1).withPerturbation(null)),
                Arguments.of("theta", (Supplier<?>) () -> new VassoPerturbationConfig(0.1, 0.0)),
                Arguments.of("eta", (Supplier<?>) () -> new AsamPerturbationConfig(0.5, -0.01, false)),
                Arguments.of("lrMin", (Supplier<?>) () -> new GsamPerturbationConfig(0.1, 0.0, 0.01, 0.1)),
                Arguments.of("alpha", (Supplier<?>) () -> new GsamConfig(-0.4)),
                Arguments.of("probability", (Supplier<?>) () -> new StochasticSecondPassConfig(1.5, 0)),
                Arguments.of("k", (Supplier<?>) () -> new EveryKStepsConfig(0)),
                Arguments.of("a", (Supplier<?>) () -> new LookSamConfig(Double.NaN)),
                Arguments.of("lambda", (Supplier<?>) () -> new FsamPerturbationConfig(0.1, 1, 1.0)),
                Arguments.of("sigma", (Supplier<?>) () -> new FsamPerturbationConfig(0.1, -1, 0.9)),
                Arguments.of("gamma", (Supplier<?>) () -> new WsamConfig(1.0, true)),
                Arguments.of("beta", (Supplier<?>) () -> new EsamPerturbationConfig(0.1, 0.0, 1)),
                Arguments.of("gamma", (Supplier<?>) () -> new SharpnessSensitiveSelectionConfig(0.0)),
                Arguments.of("rho", (Supplier<?>) () -> new MsamConfig(-1)),
                Arguments.of("REUSE_LAST_MASK", (Supplier<?>)
                        () -> new SanerConfig(0.5, 0, WarmupUnit.EPOCH, SanerMode.REPLACE_WITH_SGD)
                                .withOnePassSteps(SanerOnePassSteps.REUSE_LAST_MASK)),
                Arguments.of("one-pass method", (Supplier<?>)
                        () -> SamConfig.sam(0.1).withGradientTransforms(new MsamConfig(0.3))),
                Arguments.of("WsamConfig", (Supplier<?>) () ->
                        SamConfig.sam(0.1).withGradientTransforms(new WsamConfig(0.8, true), new GsamConfig(0.4))));
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("invalidHyperParameters")
    void invalidHyperParameterIsRejectedNamingIt(String parameter, Supplier<?> construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::get);
        assertTrue(e.getMessage().contains(parameter), e.getMessage());
    }

    @Test
    void unknownJsonPropertyIsRejectedByOurMapperAndByDl4js() {
        String misspelt = SamConfig.sam(0.1).toJson().replace("\"rho\" : 0.1", "\"rho\" : 0.1, \"rhoo\" : 0.2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamConfig.fromJson(misspelt));
        assertTrue(e.getMessage().contains("rhoo"), e.getMessage());

        MultiLayerConfiguration conf =
                TestNets.multiLayer(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.saner(0.1, 0.5)));
        String json = conf.toJson().replace("\"alpha\" : 0.5", "\"alpha\" : 0.5, \"alhpa\" : 0.5");
        assertTrue(json.contains("alhpa"));
        RuntimeException dl4j = assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(json));
        assertTrue(rootMessage(dl4j).contains("alhpa"), rootMessage(dl4j));

        String invalid = SamConfig.sam(0.1).toJson().replace("0.1", "-1.0");
        IllegalArgumentException range =
                assertThrows(IllegalArgumentException.class, () -> SamConfig.fromJson(invalid));
        assertTrue(range.getMessage().contains("rho"), range.getMessage());
    }

    /**
     * A null where a number or flag belongs is refused naming the property, by our mapper and by DL4J's (whose
     * Jackson would otherwise read {@code "rho": null} as ρ = 0): every primitive property of every preset.
     */
    @Test
    void aNullHyperParameterIsRejectedNamingIt() {
        java.util.regex.Pattern primitive =
                java.util.regex.Pattern.compile("\"(\\w+)\" : (-?[0-9][0-9.Ee+-]*|true|false)");
        int checked = 0;
        for (SamPresets.Preset preset : SamPresets.all()) {
            String json =
                    preset.config(SamPresets.Parameters.labelNoiseDefaults(100)).toJson();
            java.util.regex.Matcher property = primitive.matcher(json);
            while (property.find()) {
                String name = property.group(1);
                String nulled = json.substring(0, property.start(2)) + "null" + json.substring(property.end(2));
                RuntimeException e = assertThrows(
                        RuntimeException.class, () -> SamConfig.fromJson(nulled), preset.name() + " " + name);
                assertTrue(rootMessage(e).contains(name), preset.name() + ": " + rootMessage(e));
                checked++;
            }
        }
        assertTrue(checked > 40, "primitive properties checked: " + checked);

        MultiLayerConfiguration conf =
                TestNets.multiLayer(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.saner(0.1, 0.5)));
        String json = conf.toJson().replace("\"rho\" : 0.1", "\"rho\" : null");
        assertTrue(json.contains("\"rho\" : null"));
        RuntimeException dl4j = assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(json));
        assertTrue(rootMessage(dl4j).contains("rho"), rootMessage(dl4j));
    }

    @Test
    void zeroGradientGivesZeroPerturbationAndNoNaN() {
        MultiLayerNetwork network =
                new MultiLayerNetwork(TestNets.base(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.sam(0.1)))
                        .list()
                        .layer(new OutputLayer.Builder(new LossL2())
                                .nIn(3)
                                .nOut(2)
                                .activation(Activation.IDENTITY)
                                .build())
                        .build());
        network.init();
        network.params().assign(0);
        SharpnessAware.attachTo(network);
        network.fit(new DataSet(Nd4j.zeros(DataType.DOUBLE, 4, 3), Nd4j.zeros(DataType.DOUBLE, 4, 2)));
        SamStepDiagnostics step = SharpnessAware.lastStep(network).orElseThrow();
        assertEquals(0.0, step.gradientNorm());
        assertEquals(0.0, step.perturbationNorm());
        assertEquals(0.0, network.params().sumNumber().doubleValue());
        assertTrue(Double.isFinite(network.score()));
    }

    @Test
    void nonFiniteGradientFailsClearlyAndChangesNothing() {
        MultiLayerNetwork network = samNetwork(SamConfig.sam(0.1));
        network.fit(TestNets.denseData(8, 1));
        double[] params = network.params().dup().data().asDouble();
        double[] state = network.getUpdater().getStateViewArray().dup().data().asDouble();
        NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, () -> network.fit(nanBatch()));
        assertTrue(e.getMessage().contains("SKIP_STEP") && e.getMessage().contains("iteration 1"), e.getMessage());
        assertArrayEquals(params, network.params().data().asDouble(), 0.0, "weights unchanged");
        assertArrayEquals(state, network.getUpdater().getStateViewArray().data().asDouble(), 0.0, "state unchanged");
    }

    @Test
    void nonFiniteGradientIsSkippedWhenConfiguredAndTrainingGoesOn() {
        MultiLayerNetwork network = samNetwork(SamConfig.sam(0.1).withNonFinitePolicy(NonFinitePolicy.SKIP_STEP));
        network.fit(TestNets.denseData(8, 1));
        double[] params = network.params().dup().data().asDouble();
        double[] state = network.getUpdater().getStateViewArray().dup().data().asDouble();
        network.fit(nanBatch());
        assertTrue(SharpnessAware.lastStep(network).orElseThrow().skipped());
        assertArrayEquals(params, network.params().data().asDouble(), 0.0, "weights unchanged");
        assertArrayEquals(state, network.getUpdater().getStateViewArray().data().asDouble(), 0.0, "state unchanged");
        network.fit(TestNets.denseData(8, 2));
        assertTrue(SharpnessAware.lastStep(network).orElseThrow().secondPass());
        assertTrue(Double.isFinite(network.params().sumNumber().doubleValue()));
        assertTrue(network.params()
                .neq(Nd4j.createFromArray(params).reshape(network.params().shape()))
                .any());
    }

    @Test
    void attachingTwiceIsHarmlessAndPutsSamFirst() {
        MultiLayerNetwork once = samNetwork(SamConfig.sam(0.1));
        MultiLayerNetwork twice = new MultiLayerNetwork(
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.sam(0.1))));
        twice.init();
        ScoreIterationListener score = new ScoreIterationListener(1000);
        twice.setListeners(score);
        SharpnessAwareListener a = SharpnessAware.attachTo(twice);
        SharpnessAwareListener b = SharpnessAware.attachTo(twice);
        assertEquals(a, b);
        List<TrainingListener> listeners = List.copyOf(twice.getListeners());
        assertEquals(2, listeners.size());
        assertInstanceOf(SharpnessAwareListener.class, listeners.get(0));
        assertEquals(score, listeners.get(1));
        for (int step = 0; step < 3; step++) {
            once.fit(TestNets.denseData(8, step));
            twice.fit(TestNets.denseData(8, step));
        }
        assertArrayEquals(once.params().data().asDouble(), twice.params().data().asDouble(), 0.0);
    }

    @Test
    void configuredButDetachedSamIsReported() {
        MultiLayerNetwork network = samNetwork(SamConfig.sam(0.1));
        network.setListeners(new ScoreIterationListener(1000)); // drops the SAM listener
        double[] params = network.params().dup().data().asDouble();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> network.fit(TestNets.denseData(8, 1)));
        assertTrue(e.getMessage().contains("SharpnessAware.attachTo(model)"), e.getMessage());
        assertArrayEquals(params, network.params().data().asDouble(), 0.0, "no plain ERM step was applied");
    }

    @Test
    void missingAndConflictingConfigurationsAreReported() {
        MultiLayerNetwork plain = new MultiLayerNetwork(TestNets.multiLayer(new Sgd(0.1)));
        plain.init();
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> SharpnessAware.attachTo(plain));
        assertTrue(none.getMessage().contains("No SAM configuration"), none.getMessage());

        MultiLayerNetwork mixed =
                new MultiLayerNetwork(TestNets.base(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.sam(0.1)))
                        .list()
                        .layer(new DenseLayer.Builder().nIn(4).nOut(5).build())
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .updater(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.sam(0.2)))
                                .nIn(5)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build())
                        .build());
        mixed.init();
        IllegalStateException conflict =
                assertThrows(IllegalStateException.class, () -> SharpnessAware.attachTo(mixed));
        assertTrue(conflict.getMessage().contains("different SAM configurations"), conflict.getMessage());
    }

    @Test
    void truncatedBpttIsAClearError() {
        IUpdater updater = new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.sam(0.1));
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .updater(updater)
                .list()
                .layer(new LSTM.Builder().nIn(2).nOut(3).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(3)
                        .nOut(2)
                        .activation(Activation.SOFTMAX)
                        .build())
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTLength(2)
                .build());
        network.init();
        SharpnessAware.attachTo(network);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 2, 4);
        labels.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                .assign(1);
        UnsupportedOperationException e = assertThrows(
                UnsupportedOperationException.class,
                () -> network.fit(new DataSet(Nd4j.rand(DataType.DOUBLE, 2, 2, 4), labels)));
        assertTrue(e.getMessage().contains("truncated BPTT"), e.getMessage());
    }

    private static MultiLayerNetwork samNetwork(SamConfig config) {
        MultiLayerNetwork network = new MultiLayerNetwork(
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), config)));
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }

    private static DataSet nanBatch() {
        DataSet batch = TestNets.denseData(8, 3);
        batch.getFeatures().putScalar(0, 0, Double.NaN);
        return batch;
    }

    /** Every message down a cause chain, for asserting on what DL4J wraps. */
    static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}

package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Regression tests for the defects found by reviewing the engine against the papers and the official code. */
class AuditRegressionTest {

    /** A rejected ĝ under UPDATE_BOTH must leave BatchNorm running statistics as a skipped step leaves them. */
    @ParameterizedTest
    @EnumSource(NonFinitePolicy.class)
    void nonFiniteSecondPassUnderUpdateBothLeavesRunningStatisticsIntact(NonFinitePolicy policy) {
        SamConfig config = SamConfig.sam(1e300)
                .withBatchNormPolicy(BatchNormPolicy.UPDATE_BOTH)
                .withNonFinitePolicy(policy);
        ComputationGraph graph = graph(TestNets.convBatchNormGraph(new SharpnessAwareUpdater(new Sgd(0.1), config)));
        double[] before = graph.params().dup().data().asDouble();
        if (policy == NonFinitePolicy.FAIL) {
            NonFiniteGradientException e =
                    assertThrows(NonFiniteGradientException.class, () -> graph.fit(TestNets.imageData(8, 1)));
            assertTrue(e.getMessage().contains("second-pass"), e.getMessage());
        } else {
            graph.fit(TestNets.imageData(8, 1));
            assertTrue(SharpnessAware.lastStep(graph).orElseThrow().skipped());
        }
        assertArrayEquals(before, graph.params().data().asDouble(), 0.0, "weights and running statistics");
        INDArray mean = graph.getLayer("bn").getParam("mean");
        assertTrue(mean.amaxNumber().doubleValue() < 1e3, "running mean stays sane: " + mean);
    }

    /** An exception inside the second pass must not leave the weights at w+ε. */
    @Test
    void exceptionInsideTheSecondPassRestoresTheWeights() {
        ComputationGraph graph =
                graph(TestNets.convBatchNormGraph(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.sam(0.5))));
        graph.addListeners(new BaseTrainingListener() {
            private int forwardPasses;

            @Override
            public void onForwardPass(Model model, java.util.Map<String, INDArray> activations) {
                if (++forwardPasses == 2) {
                    throw new IllegalStateException("injected failure in the second pass");
                }
            }
        });
        double[] before = graph.params().dup().data().asDouble();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> graph.fit(TestNets.imageData(8, 1)));
        assertEquals("injected failure in the second pass", e.getMessage());
        assertArrayEquals(before, graph.params().data().asDouble(), 0.0, "weights back at w, not w+ε");
    }

    /** Strict JSON for the wrapper and MomentumSgd inside DL4J's mapper, and no silent ρ = 0. */
    @Test
    void misspeltOrMissingPropertiesAreErrorsInsideDl4jsJson() {
        MultiLayerConfiguration conf =
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.sam(0.1)));
        String json = conf.toJson();
        assertTrue(json.contains("\"momentum\" : 0.9") && json.contains("\"rho\" : 0.1"), json);

        String momentun = json.replace("\"momentum\" : 0.9", "\"momentum\" : 0.9, \"momentun\" : 0.0");
        assertTrue(BadInputTest.rootMessage(
                        assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(momentun)))
                .contains("momentun"));
        String renamed = json.replace("\"momentum\" : 0.9", "\"momentun\" : 0.9");
        assertTrue(
                BadInputTest.rootMessage(
                                assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(renamed)))
                        .contains("'momentum'"),
                "the typo no longer means momentum 0");

        String extra = json.replace("\"sam\" : {", "\"samm\" : 1, \"sam\" : {");
        assertTrue(extra.contains("samm"));
        assertTrue(BadInputTest.rootMessage(
                        assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(extra)))
                .contains("samm"));

        String noRho = json.replaceAll(",\\s*\"rho\" : 0.1", "");
        assertFalse(noRho.contains("\"rho\""), noRho);
        assertTrue(BadInputTest.rootMessage(
                        assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(noRho)))
                .contains("rho"));

        String rhoOnly = SamConfig.sam(0.1).toJson().replaceAll(",?\\s*\"rho\" : 0.1", "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SamConfig.fromJson(rhoOnly))
                .getMessage()
                .contains("rho"));
        assertEquals(conf, MultiLayerConfiguration.fromJson(json), "the intact JSON still loads");
    }

    /** Bugs 2 and 3: the epoch warm-up is 1-based like the authors' code, and a still epoch clock is reported once. */
    @Test
    void sanerEpochWarmUpIsOneBasedAndAStillEpochCountIsReportedOnce() {
        SanerConfig saner = new SanerConfig(0.5, 4, WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT);
        assertEquals(0.125, saner.alphaAt(0, 0), 0.0, "first epoch: α/K");
        assertEquals(0.375, saner.alphaAt(99, 2), 0.0);
        assertEquals(0.5, saner.alphaAt(0, 3), 0.0, "the K-th epoch reaches α");
        assertEquals(0.5, saner.alphaAt(0, 40), 0.0);
        SanerConfig perIteration = new SanerConfig(0.5, 10, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT);
        assertEquals(0.05, perIteration.alphaAt(0, 7), 0.0);

        SamConfig config = SamConfig.sam(0.1).withGradientTransforms(saner);
        MultiLayerNetwork loop = TestNets.samNetwork(config);
        for (int i = 0; i < 3; i++) {
            loop.fit(TestNets.denseData(8, i));
        }
        assertEquals(0.125, SharpnessAware.lastStep(loop).orElseThrow().value(SanerConfig.ALPHA), 0.0);
        List<String> warnings = engine(loop).warnings();
        assertEquals(1, warnings.size(), "once: " + warnings);
        assertTrue(warnings.get(0).contains("incrementEpochCount")
                && warnings.get(0).contains("fit(iterator"));

        MultiLayerNetwork epochs = TestNets.samNetwork(config);
        epochs.fit(new org.nd4j.linalg.dataset.ViewIterator(TestNets.denseData(16, 1), 8), 2);
        assertEquals(
                0.25,
                SharpnessAware.lastStep(epochs).orElseThrow().value(SanerConfig.ALPHA),
                0.0,
                "second epoch: 2α/K");
        assertEquals(List.of(), engine(epochs).warnings());

        ComputationGraph graph =
                graph(TestNets.denseGraph(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), config)));
        SamStepEngine first = engine(graph);
        for (int epoch = 0; epoch < 2; epoch++) {
            graph.fit(new org.nd4j.linalg.dataset.ViewIterator(TestNets.denseData(16, 1), 8));
        }
        assertTrue(first == engine(graph), "one engine for the whole run");
        assertEquals(0.25, SharpnessAware.lastStep(graph).orElseThrow().value(SanerConfig.ALPHA), 0.0);
        assertEquals(List.of(), engine(graph).warnings(), "ComputationGraph.fit(iterator) counts epochs");

        MultiLayerNetwork external =
                TestNets.samNetwork(config); // a Spark worker: fit(DataSet), epochs set from the driver
        class DriverEpochs extends org.deeplearning4j.optimize.api.BaseTrainingListener
                implements org.dl4jsam.updaters.spi.ExternalEpochCount {}
        external.setListeners(new DriverEpochs());
        SharpnessAware.attachTo(external);
        for (int i = 0; i < 3; i++) {
            external.fit(TestNets.denseData(8, i));
        }
        assertEquals(List.of(), engine(external).warnings(), "an external epoch count silences the warning");
    }

    /** Parameters of both kinds of frozen layer are never perturbed, not in ‖g‖ and not counted. */
    @Test
    void frozenLayersOfBothKindsAreNotTrainable() {
        MultiLayerNetwork network =
                new MultiLayerNetwork(TestNets.base(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.saner(0.1, 0.5)))
                        .list()
                        .layer(new FrozenLayer(new DenseLayer.Builder()
                                .nIn(4)
                                .nOut(5)
                                .activation(Activation.TANH)
                                .build()))
                        .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder()
                                .nIn(5)
                                .nOut(6)
                                .activation(Activation.TANH)
                                .build()))
                        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(6)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build())
                        .build());
        network.init();
        SharpnessAware.attachTo(network);
        long frozen = network.getLayer(0).numParams() + network.getLayer(1).numParams();
        double[] frozenBefore = network.params()
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, frozen))
                .dup()
                .data()
                .asDouble();
        double[] paramsBefore = network.params().dup().data().asDouble();
        DataSet batch = TestNets.denseData(8, 5);
        network.fit(batch);
        SamStepEngine engine = engine(network);
        assertEquals(
                network.getLayer(2).numParams(), engine.context().trainableCount(), "only the output layer trains");
        assertArrayEquals(
                frozenBefore,
                network.params()
                        .reshape(network.numParams())
                        .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, frozen))
                        .dup()
                        .data()
                        .asDouble(),
                0.0,
                "frozen weights untouched");

        MultiLayerNetwork check =
                new MultiLayerNetwork(network.getLayerWiseConfigurations().clone());
        check.init();
        check.setParams(Nd4j.createFromArray(paramsBefore).reshape(1, paramsBefore.length));
        check.setInput(batch.getFeatures());
        check.setLabels(batch.getLabels());
        check.computeGradientAndScore();
        double expectedNorm =
                check.getLayer(2).getGradientsViewArray().norm2Number().doubleValue() / 8;
        SamStepDiagnostics step = SharpnessAware.lastStep(network).orElseThrow();
        double masked =
                step.value(SanerConfig.MASKED_FRACTION) * engine.context().trainableCount();
        assertEquals(Math.rint(masked), masked, 1e-9, "masked fraction is a count over the output layer only");
        assertTrue(step.value(SanerConfig.MASKED_FRACTION) <= 1.0);
        assertEquals(expectedNorm, step.gradientNorm(), 1e-12 * expectedNorm, "‖g‖ over the output layer");
    }

    /** Plain SAM holds one parameter-sized buffer unless the cosine diagnostic is asked for. */
    @Test
    void plainSamHoldsOneBufferAndTheCosineIsOptional() {
        MultiLayerNetwork lean = TestNets.samNetwork(SamConfig.sam(0.1));
        MultiLayerNetwork withCosine = TestNets.samNetwork(SamConfig.sam(0.1).withCosineDiagnostic(true));
        DataSet batch = TestNets.denseData(8, 3);
        lean.fit(batch);
        withCosine.fit(batch);
        assertArrayEquals(
                lean.params().data().asDouble(), withCosine.params().data().asDouble(), 0.0);
        assertEquals(1, SharpnessAware.listenerOf(lean).orElseThrow().bufferCount(lean));
        assertEquals(2, SharpnessAware.listenerOf(withCosine).orElseThrow().bufferCount(withCosine));
        assertTrue(Double.isNaN(SharpnessAware.lastStep(lean).orElseThrow().cosine()));
        double cosine = SharpnessAware.lastStep(withCosine).orElseThrow().cosine();
        assertTrue(cosine > 0.5 && cosine <= 1.0 + 1e-12, "cos(g, ĝ) = " + cosine);
    }

    /** The step context exposes the base updater's scheduled learning rate (GSAM's ρ_t follows it). */
    @Test
    void stepContextExposesTheScheduledLearningRate() {
        org.nd4j.linalg.schedule.ISchedule schedule =
                new org.nd4j.linalg.schedule.StepSchedule(org.nd4j.linalg.schedule.ScheduleType.ITERATION, 0.1, 0.5, 2);
        MultiLayerNetwork network = new MultiLayerNetwork(
                TestNets.multiLayer(new SharpnessAwareUpdater(new MomentumSgd(schedule, 0.9), SamConfig.sam(0.1))));
        network.init();
        SharpnessAware.attachTo(network);
        for (int step = 0; step < 5; step++) {
            network.fit(TestNets.denseData(8, step));
            assertEquals(schedule.valueAt(step, 0), engine(network).context().learningRate(), 0.0, "step " + step);
        }
        assertEquals(0.025, engine(network).context().learningRate(), 1e-15, "0.1 · 0.5^⌊4/2⌋");
    }

    private static SamStepEngine engine(Model model) {
        return SharpnessAware.listenerOf(model).orElseThrow().engine(model);
    }

    private static ComputationGraph graph(ComputationGraphConfiguration conf) {
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        SharpnessAware.attachTo(graph);
        return graph;
    }
}

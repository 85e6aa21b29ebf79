package org.dl4jsam.updaters;

import static org.dl4jsam.updaters.Approx.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Contract 1 of docs/architecture.md: the gradient handed to the base updater is ∇L(w+ε), with ε computed independently
 * on fresh networks rebuilt from the JSON configuration; weights are restored bit-exactly; BatchNorm
 * running statistics equal those of a plain step.
 */
class SecondPassGradientTest {
    private static final double RHO = 0.05;
    private static final Set<String> RUNNING_STATS = Set.of("mean", "var", "log10stdev");

    /** A model under test: how to build it from JSON and how to feed it one batch. */
    interface Fixture {
        Model build(IUpdater updater);

        Model fromJson(String json);

        String json(Model model);

        MultiDataSet data();

        void fit(Model model, MultiDataSet data);

        void setData(Model model, MultiDataSet data);

        Map<String, INDArray> paramTable(Model model);

        void computeGradientAndScore(Model model);
    }

    record GraphFixture(java.util.function.Function<IUpdater, ComputationGraphConfiguration> conf, MultiDataSet data)
            implements Fixture {
        public Model build(IUpdater updater) {
            ComputationGraph graph = new ComputationGraph(conf.apply(updater));
            graph.init();
            return graph;
        }

        public Model fromJson(String json) {
            ComputationGraph graph = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            graph.init();
            return graph;
        }

        public String json(Model model) {
            return ((ComputationGraph) model).getConfiguration().toJson();
        }

        public void fit(Model model, MultiDataSet batch) {
            ((ComputationGraph) model).fit(batch);
        }

        public void setData(Model model, MultiDataSet batch) {
            ComputationGraph graph = (ComputationGraph) model;
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
        }

        public Map<String, INDArray> paramTable(Model model) {
            return ((ComputationGraph) model).paramTable();
        }

        public void computeGradientAndScore(Model model) {
            ((ComputationGraph) model).computeGradientAndScore();
        }
    }

    record MultiLayerFixture(MultiDataSet data) implements Fixture {
        public Model build(IUpdater updater) {
            MultiLayerNetwork network = new MultiLayerNetwork(TestNets.multiLayer(updater));
            network.init();
            return network;
        }

        public Model fromJson(String json) {
            MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
            network.init();
            return network;
        }

        public String json(Model model) {
            return ((MultiLayerNetwork) model).getLayerWiseConfigurations().toJson();
        }

        public void fit(Model model, MultiDataSet batch) {
            ((MultiLayerNetwork) model)
                    .fit(new org.nd4j.linalg.dataset.DataSet(batch.getFeatures(0), batch.getLabels(0)));
        }

        public void setData(Model model, MultiDataSet batch) {
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            network.setInput(batch.getFeatures(0));
            network.setLabels(batch.getLabels(0));
        }

        public Map<String, INDArray> paramTable(Model model) {
            return ((MultiLayerNetwork) model).paramTable();
        }

        public void computeGradientAndScore(Model model) {
            ((MultiLayerNetwork) model).computeGradientAndScore();
        }
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("dense graph", new GraphFixture(TestNets::denseGraph, TestNets.denseMultiData(8, 1))),
                Arguments.of(
                        "conv + BatchNorm graph",
                        new GraphFixture(TestNets::convBatchNormGraph, TestNets.imageData(8, 2))),
                Arguments.of(
                        "multi-input/output graph with masks",
                        new GraphFixture(TestNets::multiInputOutputGraph, TestNets.multiInputOutputData(6, 3))),
                Arguments.of("MultiLayerNetwork with BatchNorm", new MultiLayerFixture(TestNets.denseMultiData(8, 4))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void gradientHandedToUpdaterIsGradientAtPerturbedWeights(String name, Fixture fixture) {
        MultiDataSet batch = fixture.data();
        Model sam = fixture.build(new SharpnessAwareUpdater(new Sgd(0.1), SamConfig.sam(RHO)));
        String json = fixture.json(sam);
        INDArray w0 = sam.params().dup();
        GradientCapture capture = new GradientCapture();
        ModelAccess.setListeners(sam, java.util.List.of(capture));
        SharpnessAware.attachTo(sam);
        fixture.fit(sam, batch);

        // Independent first pass at w0 on a fresh network built from the JSON.
        Model first = fixture.fromJson(json);
        first.setParams(w0.dup());
        fixture.setData(first, batch);
        fixture.computeGradientAndScore(first);
        double clean = first.score();
        Map<String, INDArray> gradients = first.gradient().gradientForVariable();
        int batchSize = (int) batch.getLabels(0).size(0);
        double squaredNorm = 0;
        for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
            if (isTrainable(e.getKey())) {
                double n = e.getValue().norm2Number().doubleValue() / batchSize;
                squaredNorm += n * n;
            }
        }
        double scale = RHO / (Math.sqrt(squaredNorm) + 1e-12) / batchSize;

        // Independent second pass at w0 + ε on another fresh network.
        Model second = fixture.fromJson(json);
        second.setParams(w0.dup());
        Map<String, INDArray> table = fixture.paramTable(second);
        for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
            if (isTrainable(e.getKey())) {
                table.get(e.getKey()).addi(e.getValue().mul(scale));
            }
        }
        fixture.setData(second, batch);
        fixture.computeGradientAndScore(second);
        double[] expected = second.getGradientsViewArray().dup('c').data().asDouble();
        double[] firstPass = first.getGradientsViewArray().dup('c').data().asDouble();
        // Running-statistics entries: the first pass's pseudo-gradient (KEEP_CLEAN_PASS).
        double[] statsMask = statsMask(first);
        for (int i = 0; i < expected.length; i++) {
            if (statsMask[i] != 0) {
                expected[i] = firstPass[i];
            }
        }
        assertEquals(1, capture.gradients.size());
        assertAllClose(capture.gradients.get(0), expected, 1e-10, 1e-13, name + ": gradient handed to the updater");
        assertArrayEquals(w0.dup('c').data().asDouble(), capture.params.get(0), 0.0, name + ": weights restored");
        assertEquals(clean, capture.scores.get(0), 1e-12, name + ": score is the clean loss L(w)");

        // Running statistics after the SAM step equal those after a plain step.
        Model erm = fixture.build(new Sgd(0.1));
        erm.setParams(w0.dup());
        fixture.fit(erm, batch);
        double[] ermParams = erm.params().dup('c').data().asDouble();
        double[] samParams = sam.params().dup('c').data().asDouble();
        boolean anyStats = false;
        for (int i = 0; i < statsMask.length; i++) {
            if (statsMask[i] != 0) {
                anyStats = true;
                assertEquals(ermParams[i], samParams[i], 0.0, name + ": running statistic " + i);
            }
        }
        assertEquals(name.contains("BatchNorm"), anyStats, "fixture has running statistics iff it has BatchNorm");
    }

    @org.junit.jupiter.api.Test
    void updateBothAppliesTheRunningStatisticsOfBothPassesInTurn() {
        MultiLayerFixture fixture = new MultiLayerFixture(TestNets.denseMultiData(8, 5));
        MultiDataSet batch = fixture.data();
        SamConfig config = SamConfig.sam(RHO).withBatchNormPolicy(BatchNormPolicy.UPDATE_BOTH);
        Model sam = fixture.build(new SharpnessAwareUpdater(new Sgd(0.1), config));
        String json = fixture.json(sam);
        double[] w0 = sam.params().dup('c').data().asDouble();
        SharpnessAware.attachTo(sam);
        fixture.fit(sam, batch);

        Model first = fixture.fromJson(json);
        first.setParams(org.nd4j.linalg.factory.Nd4j.createFromArray(w0).reshape(1, w0.length));
        fixture.setData(first, batch);
        fixture.computeGradientAndScore(first);
        double[] g = first.getGradientsViewArray().dup('c').data().asDouble();
        double[] stats = statsMask(first);
        double squaredNorm = 0;
        for (int i = 0; i < g.length; i++) {
            squaredNorm += stats[i] == 0 ? g[i] * g[i] : 0;
        }
        int batchSize = (int) batch.getLabels(0).size(0);
        double scale = RHO / (Math.sqrt(squaredNorm) / batchSize + 1e-12) / batchSize;
        double[] middle = new double[w0.length];
        for (int i = 0; i < w0.length; i++) {
            middle[i] = stats[i] == 0 ? w0[i] + scale * g[i] : w0[i] - g[i]; // first pass's statistics applied
        }
        Model second = fixture.fromJson(json);
        second.setParams(org.nd4j.linalg.factory.Nd4j.createFromArray(middle).reshape(1, middle.length));
        fixture.setData(second, batch);
        fixture.computeGradientAndScore(second);
        double[] secondPseudo = second.getGradientsViewArray().dup('c').data().asDouble();
        double[] actual = sam.params().dup('c').data().asDouble();
        int checked = 0;
        for (int i = 0; i < w0.length; i++) {
            if (stats[i] != 0) {
                assertEquals(middle[i] - secondPseudo[i], actual[i], 1e-12, "running statistic " + i);
                checked++;
            }
        }
        assertEquals(12, checked, "6 BatchNorm channels × (mean, var)");
    }

    private static boolean isTrainable(String key) {
        return !RUNNING_STATS.contains(key.substring(key.lastIndexOf('_') + 1));
    }

    /** 1 at flat positions of running statistics, found through the parameter views' offsets. */
    private static double[] statsMask(Model model) {
        INDArray marker = model.params().dup();
        INDArray flat = model.params();
        flat.assign(0);
        Map<String, INDArray> table = model.paramTable();
        for (Map.Entry<String, INDArray> e : table.entrySet()) {
            if (!isTrainable(e.getKey())) {
                e.getValue().assign(1);
            }
        }
        double[] mask = flat.dup('c').data().asDouble();
        flat.assign(marker);
        return mask;
    }
}

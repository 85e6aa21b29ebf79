package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-example label masks ({@code [N, 1]}, DL4J's way of leaving examples out of the loss, e.g. padding rows):
 * every preset trains on a masked batch, and a masked example's label has no influence — relabelling it leaves
 * the weights bit-identical — the per-example presets included, where a masked example's micro-batch has a zero
 * gradient.
 */
class LabelMaskTest {
    private static final SamPresets.Parameters PARAMETERS = new SamPresets.Parameters(0.1, 0.5, 2, 20);

    static Stream<Arguments> presets() {
        return SamPresets.all().stream()
                .flatMap(p -> Stream.of(Arguments.of(p.name(), p, false), Arguments.of(p.name(), p, true)));
    }

    @ParameterizedTest(name = "{0}, graph {2}")
    @MethodSource("presets")
    void aMaskedExamplesLabelChangesNothing(String name, SamPresets.Preset preset, boolean graph) {
        int rows = 8;
        DataSet data = TestNets.denseData(rows, 3);
        INDArray mask = Nd4j.ones(data.getLabels().dataType(), rows, 1);
        mask.putScalar(2, 0, 0.0);
        mask.putScalar(5, 0, 0.0);
        DataSet relabelled = data.copy();
        INDArray other = relabelled.getLabels();
        for (int row : new int[] {2, 5}) {
            INDArray label = other.getRow(row);
            INDArray shifted = Nd4j.zeros(label.dataType(), label.length());
            shifted.putScalar((label.argMax().getInt(0) + 1) % (int) label.length(), 1.0);
            label.assign(shifted);
        }
        data.setLabelsMaskArray(mask);
        relabelled.setLabelsMaskArray(mask.dup());
        double[] a = trained(preset, data, graph);
        double[] b = trained(preset, relabelled, graph);
        for (double value : a) {
            assertFalse(Double.isNaN(value), name + ": NaN weight");
        }
        assertArrayEquals(a, b, 0.0, name + ": the masked examples' labels changed the weights");
    }

    private static double[] trained(SamPresets.Preset preset, DataSet data, boolean graph) {
        org.deeplearning4j.nn.api.Model model;
        if (graph) {
            ComputationGraph network = new ComputationGraph(TestNets.denseGraph(new SharpnessAwareUpdater(
                    new org.dl4jsam.updaters.base.MomentumSgd(0.05, 0.9), preset.config(PARAMETERS))));
            network.init();
            SharpnessAware.attachTo(network);
            for (int step = 0; step < 3; step++) {
                network.fit(data);
            }
            model = network;
        } else {
            MultiLayerNetwork network = TestNets.samNetwork(preset.config(PARAMETERS));
            for (int step = 0; step < 3; step++) {
                network.fit(data);
            }
            model = network;
        }
        return model.params().dup().data().asDouble();
    }
}

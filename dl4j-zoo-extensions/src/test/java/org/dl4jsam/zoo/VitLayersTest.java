package org.dl4jsam.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The ViT's SameDiff layers: gradient checks in double precision on a tiny ViT (which only pass
 * with the SameDiff gradient correction in DL4J 1.0.0-M2.1), the self-test's measured factor,
 * exact GELU and LayerNorm ε, serialization.
 */
class VitLayersTest {
    @TempDir
    Path dir;

    private static ComputationGraph tinyVit(DataType type) {
        VitSpec spec = new VitSpec(4, 2, 4, 2, 2, 6);
        ZooRecipe recipe = new ZooRecipe(3, 1, 4, 4, new NoOp(), 0.0, 7, type);
        ComputationGraph graph = new VisionTransformer(spec, recipe).init();
        return graph;
    }

    @Test
    void selfTestMeasuresAWholeFactor() {
        double f = SameDiffGradientScale.factor();
        assertTrue(f == 1.0 || f == 2.0, "factor " + f);
    }

    @Test
    void tinyVitPassesTheGradientCheck() {
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraph graph = tinyVit(DataType.DOUBLE);
            INDArray input = Nd4j.rand(DataType.DOUBLE, 2, 1, 4, 4);
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3);
            labels.putScalar(0, 1, 1.0);
            labels.putScalar(1, 2, 1.0);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(graph)
                    .inputs(new INDArray[] {input})
                    .labels(new INDArray[] {labels})
                    .epsilon(1e-6)
                    .maxRelError(1e-4)
                    .minAbsoluteError(1e-9));
            assertTrue(ok, "gradient check of patch embedding, tokens, 2 blocks, head");
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }

    @Test
    void geluIsTheExactErfForm() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        INDArray x = Nd4j.createFromArray(-3.0, -1.0, -0.1, 0.0, 0.5, 2.0);
        var in = sd.constant(x);
        INDArray y = LayerNorms.gelu(sd, in).eval();
        for (int i = 0; i < x.length(); i++) {
            double v = x.getDouble(i);
            double expected = 0.5 * v * (1 + erf(v / Math.sqrt(2)));
            assertEquals(expected, y.getDouble(i), 1e-7, "GELU(" + v + ")");
        }
    }

    /** Abramowitz–Stegun 7.1.26 is too coarse; use the series/continued fraction via Math functions. */
    private static double erf(double z) {
        // erf via the complementary error function's relation to the regularized gamma: numerical integration.
        int n = 20_000;
        double sum = 0;
        double h = Math.abs(z) / n;
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) * h;
            sum += Math.exp(-t * t);
        }
        return Math.signum(z) * 2 / Math.sqrt(Math.PI) * sum * h;
    }

    @Test
    void serializationReproducesOutputsExactly() throws Exception {
        ComputationGraph graph = tinyVit(DataType.FLOAT);
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, 1, 4, 4);
        INDArray expected = graph.outputSingle(input);
        ComputationGraph fromJson = new ComputationGraph(
                ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson()));
        fromJson.init(graph.params().dup(), false);
        assertEquals(expected, fromJson.outputSingle(input));
        File file = dir.resolve("vit.zip").toFile();
        ModelSerializer.writeModel(graph, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertArrayEquals(
                expected.data().asFloat(), restored.outputSingle(input).data().asFloat(), 0f);
    }
}

package org.dl4jsam.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every preset builds; the CPU-sized ones run forward/backward on CIFAR- and Fashion-MNIST-sized inputs. */
class ZooModelsTest {
    @TempDir
    Path dir;

    static INDArray images(int n, int channels, int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * channels * size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(values, new long[] {n, channels, size, size}, 'c');
    }

    static INDArray oneHot(int n, int classes) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % classes, 1f);
        }
        return labels;
    }

    @Test
    void everyPresetBuildsAConfigurationWithConsistentCounts() {
        for (String name : ZooPresets.names()) {
            ComputationGraphConfiguration conf =
                    ZooPresets.create(name, ZooRecipe.cifar(10)).graphConfiguration();
            ParameterCount count = ParameterCount.of(conf);
            assertTrue(count.trainable() > 0 && count.dl4j() >= count.trainable(), name);
            assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()), name + " JSON round trip");
        }
    }

    static Stream<Arguments> cpuSized() {
        return Stream.of(
                Arguments.of("resnet-32", 3, 32),
                Arguments.of("resnet-32", 1, 28),
                Arguments.of("wrn-40-2", 3, 32),
                Arguments.of("wrn-16-4", 1, 28),
                Arguments.of("pyramidnet-110-48", 3, 32),
                Arguments.of("pyramidnet-110-48", 1, 28),
                Arguments.of("preact-resnet-18", 3, 32),
                Arguments.of("resnet-18", 1, 28),
                Arguments.of("densenet-121", 3, 32),
                Arguments.of("vit-small-cifar", 3, 32),
                Arguments.of("vit-small-cifar", 1, 28));
    }

    @ParameterizedTest(name = "{0} on {1}x{2}x{2}")
    @MethodSource("cpuSized")
    void forwardAndBackwardOnATinyBatch(String name, int channels, int size) {
        ZooRecipe recipe = ZooRecipe.cifar(10).withInput(channels, size, size);
        ZooArchitecture model = ZooPresets.create(name, recipe);
        ComputationGraph graph = model.init();
        assertEquals(ParameterCount.of(model.graphConfiguration()).dl4j(), graph.numParams(), "numParams()");
        INDArray input = images(2, channels, size, 1);
        INDArray output = graph.outputSingle(input);
        assertArrayEquals(new long[] {2, 10}, output.shape());
        assertEquals(2.0, output.sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
        INDArray before = graph.params().dup();
        graph.fit(new org.nd4j.linalg.dataset.MultiDataSet(input, oneHot(2, 10)));
        assertTrue(Double.isFinite(graph.score()));
        assertTrue(graph.params().neq(before).any(), "a training step changes the parameters");
    }

    @Test
    void jsonAndModelSerializerRoundTripsReproduceOutputsExactly() throws IOException {
        for (String name : new String[] {"resnet-32", "pyramidnet-110-48"}) {
            ComputationGraph graph = ZooPresets.create(name, ZooRecipe.cifar(10).withInput(3, 16, 16))
                    .init();
            INDArray input = images(3, 3, 16, 2);
            INDArray expected = graph.outputSingle(input);
            ComputationGraph fromJson = new ComputationGraph(ComputationGraphConfiguration.fromJson(
                    graph.getConfiguration().toJson()));
            fromJson.init(graph.params().dup(), false);
            assertEquals(expected, fromJson.outputSingle(input), name + " from JSON");
            File file = dir.resolve(name + ".zip").toFile();
            ModelSerializer.writeModel(graph, file, true);
            ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
            assertArrayEquals(
                    expected.data().asFloat(),
                    restored.outputSingle(input).data().asFloat(),
                    0f,
                    name);
        }
    }

    @Test
    void invalidSpecsAreRejectedWithTheRule() {
        assertMessage(() -> new WideResNetSpec(27, 10, 0), "6n + 4");
        assertMessage(() -> new WideResNetSpec(28, -1, 0), "widenFactor");
        assertMessage(() -> new WideResNetSpec(28, 10, 1.0), "dropRate");
        assertMessage(() -> new PyramidNetSpec(111, 48, false), "6n + 2");
        assertMessage(() -> new PyramidNetSpec(112, 200, true), "9n + 2");
        assertMessage(() -> new PyramidNetSpec(110, -5, false), "alpha");
        assertMessage(() -> new DenseNetSpec(32, new int[] {6, -1}, 0.5), "block");
        assertMessage(() -> new DenseNetSpec(32, new int[] {6}, 0), "reduction");
        assertMessage(() -> new ZeroChannelPadVertex(-1, 2), "≥ 0");
        assertMessage(() -> ZooPresets.create("wrn-29-10", ZooRecipe.cifar(10)), "available");
        assertMessage(() -> ZooRecipe.cifar(1), "numClasses");
        assertMessage(() -> new VitSpec(32, 5, 384, 12, 6, 1536), "does not divide");
        assertMessage(() -> new VitSpec(32, 4, 384, 12, 5, 1536), "divisible by heads");
        assertMessage(
                () -> new VisionTransformer(VitSpec.S4_32, ZooRecipe.cifar(10).withInput(3, 30, 30))
                        .graphConfiguration(),
                "does not divide the input");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}

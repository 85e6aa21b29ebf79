package org.dl4jsam.noisylabels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The noise models against their definitions (docs/data-and-zoo.md). */
class LabelNoiseTest {
    private static final long SEED = 2024;

    /** Independent SplitMix64 finalizer, written from the published constants. */
    private static long referenceMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double referenceUniform(long seed, long stream, long index, long counter) {
        long golden = 0x9E3779B97F4A7C15L;
        long z = referenceMix(referenceMix(referenceMix(seed + golden * (stream + 1)) + golden * (index + 1))
                + golden * (counter + 1));
        return (z >>> 11) / (double) (1L << 53);
    }

    @Test
    void symmetricExclusiveExactFractionMatchesAnIndependentDerivation() {
        int n = 40;
        int classes = 10;
        int[] clean = TestLabels.balanced(n, classes);
        NoisyLabels labels = SymmetricNoise.paperProtocol(0.25).apply(NoiseInput.of(clean, classes), SEED);
        // Independent: rank indices by their selection key, take the 10 smallest, draw from the 9 others.
        Integer[] byKey = java.util.stream.IntStream.range(0, n).boxed().toArray(Integer[]::new);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) (referenceUniform(SEED, 1, i, 0) * (1L << 53));
        }
        java.util.Arrays.sort(byKey, (a, b) -> Long.compare(keys[a], keys[b]));
        int[] expected = clean.clone();
        for (int k = 0; k < 10; k++) {
            int i = byKey[k];
            int offset = (int) Math.floor(referenceUniform(SEED, 2, i, 0) * (classes - 1));
            expected[i] = (clean[i] + 1 + offset) % classes;
        }
        assertArrayEquals(expected, labels.noisy());
        assertEquals(10, labels.noisyCount());
    }

    @Test
    void pinnedOutputForAFixedSeedNeverChanges() {
        // Reproducibility contract: these labels are what seed 7 gave when the generator was written.
        NoisyLabels labels = SymmetricNoise.paperProtocol(0.5).apply(NoiseInput.of(TestLabels.balanced(12, 3), 3), 7);
        assertArrayEquals(PINNED_SEED7, labels.noisy());
    }

    private static final int[] PINNED_SEED7 = pinned();

    private static int[] pinned() {
        // Filled from the independent derivation above, for N = 12, C = 3, γ = 0.5, seed 7.
        int n = 12;
        int[] clean = TestLabels.balanced(n, 3);
        Integer[] byKey = java.util.stream.IntStream.range(0, n).boxed().toArray(Integer[]::new);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) (referenceUniform(7, 1, i, 0) * (1L << 53));
        }
        java.util.Arrays.sort(byKey, (a, b) -> Long.compare(keys[a], keys[b]));
        int[] expected = clean.clone();
        for (int k = 0; k < 6; k++) {
            int i = byKey[k];
            expected[i] = (clean[i] + 1 + (int) Math.floor(referenceUniform(7, 2, i, 0) * 2)) % 3;
        }
        return expected;
    }

    static Stream<NoiseSpec> zeroRateSpecs() {
        return Stream.of(
                SymmetricNoise.paperProtocol(0),
                SymmetricNoise.coTeaching(0),
                SymmetricNoise.divideMix(0),
                new AsymmetricNoise(0, AsymmetricMapping.CIFAR10, Selection.BERNOULLI),
                new PairFlipNoise(0, Selection.EXACT_FRACTION),
                new InstanceDependentNoise(0, 0.1, 1.0 / 255));
    }

    @ParameterizedTest
    @MethodSource("zeroRateSpecs")
    void rateZeroIsTheIdentity(NoiseSpec spec) {
        int[] clean = TestLabels.balanced(500, 10);
        INDArray features = Nd4j.rand(DataType.DOUBLE, 500, 6).muli(255);
        NoisyLabels labels = spec.apply(new NoiseInput(clean, 10, null, features), SEED);
        assertArrayEquals(clean, labels.noisy());
        assertEquals(0.0, labels.realisedRate());
    }

    @Test
    void exactFractionIsExactAndExclusiveNeverKeepsTheLabel() {
        int[] clean = TestLabels.balanced(50_000, 10);
        NoisyLabels labels = SymmetricNoise.paperProtocol(0.4).apply(NoiseInput.of(clean, 10), SEED);
        assertEquals(20_000, labels.noisyCount());
        long[][] counts = labels.transitionCounts();
        for (int c = 0; c < 10; c++) {
            for (int d = 0; d < 10; d++) {
                if (c != d) {
                    assertTrue(counts[c][d] > 150, "every other class receives flips (≈ 222 expected)");
                }
            }
        }
    }

    @Test
    void bernoulliRateIsWithinBinomialBoundsAndInclusiveKeepsSomeLabels() {
        int n = 50_000;
        double rate = 0.4;
        double sigma = Math.sqrt(rate * (1 - rate) / n);
        NoisyLabels exclusive =
                SymmetricNoise.coTeaching(rate).apply(NoiseInput.of(TestLabels.balanced(n, 10), 10), SEED);
        assertEquals(rate, exclusive.realisedRate(), 5 * sigma);
        NoisyLabels inclusive =
                SymmetricNoise.divideMix(rate).apply(NoiseInput.of(TestLabels.balanced(n, 10), 10), SEED);
        assertEquals(rate * 9 / 10, inclusive.realisedRate(), 5 * sigma);
    }

    @Test
    void asymmetricMapsApplyToTheOriginalLabelWithoutChaining() {
        int[] clean = TestLabels.balanced(1000, 10);
        NoisyLabels all = new AsymmetricNoise(1.0, AsymmetricMapping.CIFAR10, Selection.EXACT_FRACTION)
                .apply(NoiseInput.of(clean, 10), SEED);
        int[] map = {0, 1, 0, 5, 7, 3, 6, 7, 8, 1};
        for (int i = 0; i < clean.length; i++) {
            assertEquals(map[clean[i]], all.noisy()[i], "example " + i);
        }
        assertEquals(0.5, all.realisedRate(), 1e-12, "5 of 10 classes are mapped");
        NoisyLabels fashion = new AsymmetricNoise(1.0, AsymmetricMapping.FASHION_MNIST_GCE, Selection.EXACT_FRACTION)
                .apply(NoiseInput.of(clean, 10), SEED);
        int[] gce = {0, 1, 6, 4, 3, 5, 6, 5, 8, 7};
        for (int i = 0; i < clean.length; i++) {
            assertEquals(gce[clean[i]], fashion.noisy()[i]);
        }
        NoisyLabels mnist = new AsymmetricNoise(1.0, AsymmetricMapping.MNIST, Selection.EXACT_FRACTION)
                .apply(NoiseInput.of(clean, 10), SEED);
        assertEquals(8, mnist.noisy()[3]);
        assertEquals(5, mnist.noisy()[6]);
        assertEquals(1, mnist.noisy()[7]);
    }

    @Test
    void cifar100VariantsAreDistinctAndSuperclassRingNeedsCoarseLabels() {
        int[] fine = TestLabels.balanced(100, 100);
        int[] coarse = new int[100];
        for (int y = 0; y < 100; y++) {
            coarse[y] = (y * 7) % 20; // 5 fine classes per superclass, not in consecutive blocks
        }
        NoiseInput input = new NoiseInput(fine, 100, coarse, null);
        int[] next = new AsymmetricNoise(1, AsymmetricMapping.CIFAR100_NEXT_CLASS, Selection.EXACT_FRACTION)
                .apply(input, SEED)
                .noisy();
        int[] blocks = new AsymmetricNoise(1, AsymmetricMapping.CIFAR100_BLOCKS_OF_FIVE, Selection.EXACT_FRACTION)
                .apply(input, SEED)
                .noisy();
        int[] ring = new AsymmetricNoise(1, AsymmetricMapping.CIFAR100_SUPERCLASS_RING, Selection.EXACT_FRACTION)
                .apply(input, SEED)
                .noisy();
        assertEquals(0, next[99]);
        assertEquals(5, next[4]);
        assertEquals(0, blocks[4]);
        assertEquals(6, blocks[5]);
        for (int y = 0; y < 100; y++) {
            assertEquals(coarse[y], coarse[ring[y]], "the ring stays inside the superclass");
            assertNotEquals(y, ring[y]);
        }
        assertEquals(20, ring[0], "superclass 0 holds 0, 20, 40, 60, 80: 0 → 20");
        assertEquals(0, ring[80]);
        assertThrows(IllegalArgumentException.class, () -> new AsymmetricNoise(
                        1, AsymmetricMapping.CIFAR100_SUPERCLASS_RING, Selection.EXACT_FRACTION)
                .apply(NoiseInput.of(fine, 100), SEED));
    }

    @Test
    void pairFlipAndTransitionMatrix() {
        int[] clean = TestLabels.balanced(30_000, 3);
        NoisyLabels pair = new PairFlipNoise(1.0, Selection.EXACT_FRACTION).apply(NoiseInput.of(clean, 3), SEED);
        for (int i = 0; i < clean.length; i++) {
            assertEquals((clean[i] + 1) % 3, pair.noisy()[i]);
        }
        double[][] t = {{0.7, 0.2, 0.1}, {0.0, 1.0, 0.0}, {0.5, 0.0, 0.5}};
        NoisyLabels drawn = new TransitionMatrixNoise(t).apply(NoiseInput.of(clean, 3), SEED);
        long[][] counts = drawn.transitionCounts();
        for (int y = 0; y < 3; y++) {
            for (int z = 0; z < 3; z++) {
                double sigma = Math.sqrt(t[y][z] * (1 - t[y][z]) / 10_000);
                assertEquals(t[y][z], counts[y][z] / 10_000.0, 5 * sigma + 1e-12, "T[" + y + "][" + z + "]");
            }
        }
    }

    @Test
    void transitionCountsMatchAManualCount() {
        int[] clean = {0, 1, 2, 0, 1, 2, 0};
        NoisyLabels labels = new NoisyLabels(new int[] {0, 2, 2, 1, 1, 0, 1}, clean, 3);
        long[][] expected = {{1, 2, 0}, {0, 1, 1}, {1, 0, 1}};
        assertArrayEquals(expected, labels.transitionCounts());
        assertEquals(4, labels.noisyCount());
        assertArrayEquals(new boolean[] {false, true, false, true, false, true, true}, labels.isNoisy());
    }

    @Test
    void instanceDependentNoiseHasTheNominalRateAndOnlyDependsOnTheExample() {
        int n = 4000;
        int[] clean = TestLabels.balanced(n, 10);
        Random random = new Random(3);
        double[] values = new double[n * 16];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256);
        }
        INDArray features = Nd4j.create(values, new long[] {n, 16}, 'c');
        InstanceDependentNoise spec = InstanceDependentNoise.onPixels(0.3);
        NoisyLabels labels = spec.apply(new NoiseInput(clean, 10, null, features), SEED);
        assertEquals(0.3, labels.realisedRate(), 0.03);
        // The first half alone gets the same labels: nothing depends on the other examples.
        int half = n / 2;
        NoisyLabels firstHalf = spec.apply(
                new NoiseInput(
                        java.util.Arrays.copyOf(clean, half),
                        10,
                        null,
                        features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, half))),
                SEED);
        assertArrayEquals(java.util.Arrays.copyOf(labels.noisy(), half), firstHalf.noisy());
        assertThrows(IllegalArgumentException.class, () -> spec.apply(NoiseInput.of(clean, 10), SEED));
        double[] p = InstanceDependentNoise.flipDistribution(new double[] {1000, 2, 3}, 0, 0.4);
        assertEquals(0.6, p[0], 1e-15);
        assertEquals(0.4, p[1] + p[2], 1e-15);
        assertEquals(0.4 / (1 + Math.exp(1)), p[1], 1e-15);
    }

    @Test
    void bernoulliSelectionIsPurePerIndex() {
        boolean[] full = Selection.BERNOULLI.select(0.3, SEED, 1000);
        boolean[] prefix = Selection.BERNOULLI.select(0.3, SEED, 400);
        assertArrayEquals(prefix, java.util.Arrays.copyOf(full, 400));
    }

    static Stream<NoiseSpec> allSpecs() {
        return Stream.of(
                SymmetricNoise.paperProtocol(0.4),
                SymmetricNoise.divideMix(0.2),
                new AsymmetricNoise(0.4, AsymmetricMapping.CIFAR100_SUPERCLASS_RING, Selection.BERNOULLI),
                new PairFlipNoise(0.45, Selection.EXACT_FRACTION),
                new TransitionMatrixNoise(new double[][] {{0.9, 0.1}, {0.2, 0.8}}),
                new InstanceDependentNoise(0.3, 0.1, 1.0 / 255));
    }

    @ParameterizedTest
    @MethodSource("allSpecs")
    void specsRoundTripThroughJson(NoiseSpec spec) {
        assertEquals(spec, NoiseSpec.fromJson(spec.toJson()));
    }

    @Test
    void manifestCarriesRealisedRateAndCountsThroughJson() {
        NoisyLabels labels =
                SymmetricNoise.paperProtocol(0.4).apply(NoiseInput.of(TestLabels.balanced(100, 4), 4), SEED);
        NoiseManifest manifest = NoiseManifest.generated(SymmetricNoise.paperProtocol(0.4), SEED, labels);
        assertEquals(0.4, manifest.realisedRate());
        NoiseManifest read = NoiseManifest.fromJson(manifest.toJson());
        assertEquals(manifest, read);
        assertTrue(manifest.toJson().contains("\"realised_rate\" : 0.4"));
    }

    @Test
    void invalidSpecsAreRejectedNamingTheProblem() {
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> SymmetricNoise.paperProtocol(1.5), "rate");
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> SymmetricNoise.paperProtocol(Double.NaN), "rate");
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> new InstanceDependentNoise(0.3, 0, 1), "std");
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> new TransitionMatrixNoise(new double[][] {{0.5, 0.4}, {0, 1}}), "sums to");
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> new TransitionMatrixNoise(new double[][] {{1, 0}, {0, 1, 0}}), "square");
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> NoiseInput.of(new int[] {0, 3}, 3), "outside");
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> new AsymmetricNoise(0.2, AsymmetricMapping.CIFAR10, Selection.BERNOULLI)
                        .apply(NoiseInput.of(TestLabels.balanced(10, 5), 5), 1),
                "10 classes");
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> NoiseSpec.fromJson("{\"type\":\"symmetric\",\"rate\":0.2,\"convention\":\"EXCLUSIVE\","
                        + "\"selection\":\"BERNOULLI\",\"rat\":0.3}"),
                "rat");
    }

    @Test
    void noisyFlagsOfABatchFollowItsIndices() {
        NoisyLabels labels = new NoisyLabels(new int[] {0, 2, 2, 1}, new int[] {0, 1, 2, 3}, 4);
        assertArrayEquals(new boolean[] {true, false, true}, labels.isNoisy(new int[] {3, 0, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.isNoisy(new int[] {4}));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }
}

package org.dl4jsam.noisylabels.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.dl4jsam.noisylabels.SymmetricNoise;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST of the Debian package {@code dataset-fashion-mnist} (installed by
 * {@code .ci/run}); skipped, with the reason, where it is not installed.
 */
class FashionMnistIntegrationTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void readsTheRealFilesAndNoisesThemByThePaperProtocol() throws Exception {
        assumeTrue(
                Files.isDirectory(DEBIAN),
                "dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
        Path dir = MnistFamily.FASHION_MNIST.locate(Optional.empty());
        ImageDataset train = MnistFamily.FASHION_MNIST.read(dir, true);
        ImageDataset test = MnistFamily.FASHION_MNIST.read(dir, false);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.height());
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(train.labels(), 10));
        NoisyLabels labels = SymmetricNoise.paperProtocol(0.4).apply(train.noiseInput(false), 1);
        assertEquals(24_000, labels.noisyCount());
    }
}

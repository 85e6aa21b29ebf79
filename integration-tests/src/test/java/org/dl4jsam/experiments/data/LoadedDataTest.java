package org.dl4jsam.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A user's data as {@code compare} reads it, checked against values computed here independently in double:
 * pixels decoded exactly, the stratified split disjoint and covering, the normalization the training split's
 * own statistics (and applied unchanged to the test split), CSV rows mapped to sorted class names.
 */
class LoadedDataTest {
    /** Class k image i: every pixel of channel c is (40·k + 7·i + 50·c) mod 256 — known values to compare with. */
    private static int pixel(int k, int i, int c) {
        return (40 * k + 7 * i + 50 * c) % 256;
    }

    private static Path folder(Path root, int classes, int perClass, boolean rgb) throws IOException {
        for (int k = 0; k < classes; k++) {
            Path dir = Files.createDirectories(root.resolve("class" + k));
            for (int i = 0; i < perClass; i++) {
                BufferedImage image =
                        new BufferedImage(3, 2, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        int v = pixel(k, i, 0);
                        if (rgb) {
                            image.setRGB(x, y, (pixel(k, i, 2) << 16) | (pixel(k, i, 1) << 8) | v);
                        } else { // the raster: setRGB would convert grey through the sRGB colour space
                            image.getRaster().setSample(x, y, 0, v);
                        }
                    }
                }
                ImageIO.write(
                        image, "png", dir.resolve(String.format("%02d.png", i)).toFile());
            }
        }
        return root;
    }

    private static INDArray all(Examples examples) {
        return examples.features()
                .rows(java.util.stream.IntStream.range(0, examples.size()).toArray());
    }

    @Test
    void imagesAreDecodedSplitStratifiedAndNormalizedWithTheTrainingSplitsStatistics(@TempDir Path dir)
            throws IOException {
        Path root = folder(dir, 3, 10, true);
        LoadedData data = LoadedData.load(new DataSource.Images(root), OwnDataSpec.DEFAULTS, null, 0, 0);
        Examples train = data.train();
        Examples test = data.test();
        assertEquals(24, train.size());
        assertEquals(6, test.size());
        assertArrayEquals(new long[] {3, 2, 3}, train.exampleShape());
        assertEquals(List.of("class0", "class1", "class2"), train.classNames());
        Set<String> ids = new HashSet<>(train.ids());
        ids.addAll(test.ids());
        assertEquals(30, ids.size(), "the split is disjoint and covers the folder");
        int[] perClass = new int[3];
        for (int label : test.labels()) {
            perClass[label]++;
        }
        assertArrayEquals(new int[] {2, 2, 2}, perClass, "stratified: 20% of each class");

        // the training split's per-channel statistics, from the known pixel values, in double (DataVec: BGR order)
        double[] mean = new double[3];
        double[] sq = new double[3];
        for (String id : train.ids()) {
            int k = id.charAt(5) - '0';
            int i = Integer.parseInt(id.substring(7, 9));
            for (int c = 0; c < 3; c++) {
                double v = pixel(k, i, c) / 255.0;
                mean[c] += v;
                sq[c] += v * v;
            }
        }
        for (int c = 0; c < 3; c++) {
            mean[c] /= train.size();
            double std = Math.sqrt(sq[c] / train.size() - mean[c] * mean[c]);
            for (int n = 0; n < test.size(); n++) {
                String id = test.ids().get(n);
                int k = id.charAt(5) - '0';
                int i = Integer.parseInt(id.substring(7, 9));
                double expected = (pixel(k, i, c) / 255.0 - mean[c]) / std;
                INDArray channel = all(test)
                        .get(
                                org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                                org.nd4j.linalg.indexing.NDArrayIndex.point(c));
                assertEquals(expected, channel.getDouble(0, 0), 1e-5, "test pixel normalized with training statistics");
                assertEquals(expected, channel.getDouble(1, 2), 1e-5);
            }
        }
        assertTrue(data.normalization().contains("training split"), data.normalization());
    }

    @Test
    void streamedImagesEqualTheImagesHeldInMemoryBitForBit(@TempDir Path dir) throws IOException {
        Path root = folder(dir, 3, 10, true);
        OwnDataSpec streamed = new OwnDataSpec(null, 0.2, "3x4", 0, null, true, "auto", null, true);
        OwnDataSpec held = new OwnDataSpec(null, 0.2, "3x4", 0, null, true, "auto", null, false);
        LoadedData a = LoadedData.load(new DataSource.Images(root), streamed, null, 0, 0);
        LoadedData b = LoadedData.load(new DataSource.Images(root), held, null, 0, 0);
        assertTrue(a.train().features() instanceof ImageFiles, "read from disk per minibatch");
        assertTrue(b.train().features() instanceof org.dl4jsam.noisylabels.dl4j.ExampleFeatures.InMemory);
        assertEquals(
                b.normalization(),
                a.normalization().substring(0, b.normalization().length()));
        int[] rows = {5, 0, 23, 7};
        assertEquals(b.train().features().rows(rows), a.train().features().rows(rows));
        assertEquals(
                b.test().features().rows(new int[] {1, 2}), a.test().features().rows(new int[] {1, 2}));
        assertEquals(b.train().ids(), a.train().ids());
    }

    @Test
    void greyImagesCanBeReadAsColourAndResized(@TempDir Path dir) throws IOException {
        Path root = folder(dir, 2, 5, false);
        OwnDataSpec spec = new OwnDataSpec(null, 0.2, "4x5", 3, null, true, "none", null, false);
        LoadedData data = LoadedData.load(new DataSource.Images(root), spec, null, 0, 0);
        assertArrayEquals(new long[] {3, 4, 5}, data.train().exampleShape());
        int k = data.train().ids().get(0).charAt(5) - '0';
        int i = Integer.parseInt(data.train().ids().get(0).substring(7, 9));
        assertEquals(pixel(k, i, 0) / 255.0, all(data.train()).getDouble(0, 2, 3, 4), 1e-6, "uniform image");
    }

    @Test
    void csvRowsMapToSortedClassesAndStandardizedFeatures(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.csv");
        StringBuilder text = new StringBuilder("x,y,kind\n");
        for (int r = 0; r < 20; r++) {
            text.append(r)
                    .append(',')
                    .append(2 * r % 7)
                    .append(',')
                    .append(r % 2 == 0 ? "b" : "a")
                    .append('\n');
        }
        Files.writeString(file, text);
        OwnDataSpec spec = new OwnDataSpec(null, 0.2, null, 0, "kind", true, "auto", null, false);
        LoadedData data = LoadedData.load(new DataSource.Csv(file), spec, null, 0, 0);
        Examples train = data.train();
        assertEquals(List.of("a", "b"), train.classNames());
        for (int n = 0; n < train.size(); n++) {
            int line = Integer.parseInt(train.ids().get(n));
            int r = line - 2; // the header is line 1
            assertEquals(r % 2 == 0 ? 1 : 0, train.labels()[n], "label of line " + line);
        }
        INDArray x = all(train).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        for (int f = 0; f < 2; f++) {
            INDArray column = x.getColumn(f);
            assertEquals(0.0, column.meanNumber().doubleValue(), 1e-6);
            assertEquals(1.0, column.std(false, 0).getDouble(0), 1e-5);
        }
    }
}

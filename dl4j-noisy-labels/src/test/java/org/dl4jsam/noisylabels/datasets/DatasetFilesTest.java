package org.dl4jsam.noisylabels.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers on tiny generated files in each format, including every malformed-file error. */
class DatasetFilesTest {
    @TempDir
    Path dir;

    static byte[] idxImages(int n, int rows, int cols, int magic) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < n * rows * cols; i++) {
            out.writeByte(i % 251);
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(IdxFiles.LABELS_MAGIC);
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out =
                gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    /** A fake Fashion-MNIST directory: 5 train and 3 test images of 4×3. */
    static Path fashionDirectory(Path dir, boolean gzip) throws IOException {
        String suffix = gzip ? ".gz" : "";
        write(dir.resolve("train-images-idx3-ubyte" + suffix), idxImages(5, 4, 3, IdxFiles.IMAGES_MAGIC), gzip);
        write(dir.resolve("train-labels-idx1-ubyte" + suffix), idxLabels(new int[] {9, 0, 0, 3, 0}), gzip);
        write(dir.resolve("t10k-images-idx3-ubyte" + suffix), idxImages(3, 4, 3, IdxFiles.IMAGES_MAGIC), gzip);
        write(dir.resolve("t10k-labels-idx1-ubyte" + suffix), idxLabels(new int[] {1, 2, 3}), gzip);
        return dir;
    }

    @Test
    void readsPlainAndGzippedIdx() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path sub = Files.createDirectories(dir.resolve("gz" + gzip));
            ImageDataset train = MnistFamily.FASHION_MNIST.read(fashionDirectory(sub, gzip), true);
            assertEquals(5, train.size());
            assertArrayEquals(new int[] {9, 0, 0, 3, 0}, train.labels());
            assertEquals(1, train.channels());
            assertEquals(4, train.height());
            assertEquals(3, train.width());
            assertEquals(13, train.pixels()[13]);
            assertEquals(3, MnistFamily.FASHION_MNIST.read(sub, false).size());
            assertEquals(sub, MnistFamily.FASHION_MNIST.locate(Optional.of(sub)));
        }
    }

    @Test
    void trailingBytesCorruptGzipAndImpossibleHeadersAreRefused() throws IOException {
        byte[] images = idxImages(3, 4, 3, IdxFiles.IMAGES_MAGIC);
        Path trailing = dir.resolve("trailing");
        write(trailing, Arrays.copyOf(images, images.length + 7), false);
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> IdxFiles.readImages(trailing, new int[3]), "has 7 bytes after the 3 images of 4×3");
        Path labelsTrailing = dir.resolve("labels-trailing");
        byte[] labels = idxLabels(new int[] {1, 2});
        write(labelsTrailing, Arrays.copyOf(labels, labels.length + 1), true);
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> IdxFiles.readLabels(labelsTrailing, 10), "has 1 bytes after the 2 labels");

        Path gzip = dir.resolve("crc.gz");
        write(gzip, images, true);
        byte[] compressed = Files.readAllBytes(gzip);
        compressed[compressed.length - 6] ^= 0x5a; //          the trailer's CRC-32
        Files.write(gzip, compressed);
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> IdxFiles.readImages(gzip, new int[3]), "corrupt gzip");

        Path huge = dir.resolve("huge");
        byte[] header = Arrays.copyOf(idxImages(0, 1, 1, IdxFiles.IMAGES_MAGIC), 16);
        java.nio.ByteBuffer.wrap(header).putInt(4, 100_000).putInt(8, 100_000).putInt(12, 100_000);
        write(huge, header, false);
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> IdxFiles.readImages(huge, new int[3]), "more than one array holds");
    }

    @Test
    void malformedIdxFilesGiveClearErrors() throws IOException {
        Path wrongMagic = dir.resolve("wrong");
        write(wrongMagic, idxImages(2, 2, 2, 0x0803 + 1), false);
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> IdxFiles.readImages(wrongMagic, new int[3]), "magic number");
        Path truncated = dir.resolve("truncated");
        byte[] full = idxImages(4, 3, 3, IdxFiles.IMAGES_MAGIC);
        write(truncated, Arrays.copyOf(full, full.length - 5), false);
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> IdxFiles.readImages(truncated, new int[3]), "truncated");
        Path header = dir.resolve("header");
        write(header, Arrays.copyOf(full, 6), true);
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> IdxFiles.readImages(header, new int[3]), "truncated");
        Path labels = dir.resolve("labels");
        write(labels, idxLabels(new int[] {1, 12}), false);
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> IdxFiles.readLabels(labels, 10), "label 12");
        assertThrows(NoSuchFileException.class, () -> IdxFiles.readLabels(dir.resolve("absent"), 10));

        Path mismatch = Files.createDirectories(dir.resolve("mismatch"));
        fashionDirectory(mismatch, false);
        write(mismatch.resolve("train-labels-idx1-ubyte"), idxLabels(new int[] {1, 2, 3}), false);
        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> MnistFamily.FASHION_MNIST.read(mismatch, true), "does not belong");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        NoSuchFileException missing =
                assertThrows(NoSuchFileException.class, () -> MnistFamily.FASHION_MNIST.locate(Optional.of(empty)));
        assertTrue(missing.getMessage().contains("dataset-fashion-mnist"), missing.getMessage());
    }

    static byte[] cifarRecords(int n, int labelBytes, int fineClasses) {
        int record = labelBytes + 3072;
        byte[] bytes = new byte[n * record];
        for (int k = 0; k < n; k++) {
            if (labelBytes == 2) {
                bytes[k * record] = (byte) (k % 20);
            }
            bytes[k * record + labelBytes - 1] = (byte) ((k * 7) % fineClasses);
            for (int p = 0; p < 3072; p++) {
                bytes[k * record + labelBytes + p] = (byte) (k + p);
            }
        }
        return bytes;
    }

    @Test
    void readsCifarBinaryInCanonicalOrder() throws IOException {
        Path ten = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        for (int b = 1; b <= 5; b++) {
            Files.write(ten.resolve("data_batch_" + b + ".bin"), cifarRecords(2, 1, 10));
        }
        Files.write(ten.resolve("test_batch.bin"), cifarRecords(3, 1, 10));
        ImageDataset train = CifarBinary.CIFAR10.read(dir, true); // parent directory accepted
        assertEquals(10, train.size());
        assertArrayEquals(new int[] {0, 7, 0, 7, 0, 7, 0, 7, 0, 7}, train.labels());
        assertNull(train.coarseLabels());
        assertEquals(1, train.pixels()[3072 + 0], "second example's first red pixel");
        assertEquals(3, CifarBinary.CIFAR10.read(ten, false).size());

        Path hundred = Files.createDirectories(dir.resolve("c100"));
        Files.write(hundred.resolve("train.bin"), cifarRecords(4, 2, 100));
        Files.write(hundred.resolve("test.bin"), cifarRecords(1, 2, 100));
        ImageDataset fine = CifarBinary.CIFAR100.read(hundred, true);
        assertArrayEquals(new int[] {0, 7, 14, 21}, fine.labels());
        assertArrayEquals(new int[] {0, 1, 2, 3}, fine.coarseLabels());
    }

    @Test
    void malformedCifarFilesGiveClearErrors() throws IOException {
        Path ten = Files.createDirectories(dir.resolve("bad10"));
        for (int b = 1; b <= 5; b++) {
            Files.write(ten.resolve("data_batch_" + b + ".bin"), cifarRecords(2, 1, 10));
        }
        assertThrows(NoSuchFileException.class, () -> CifarBinary.CIFAR10.read(ten, false));
        byte[] records = cifarRecords(2, 1, 10);
        Files.write(ten.resolve("data_batch_3.bin"), Arrays.copyOf(records, records.length - 1));
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> CifarBinary.CIFAR10.read(ten, true), "truncated");
        Files.write(ten.resolve("data_batch_3.bin"), cifarRecords(2, 1, 100)); // label 7 ok, but…
        byte[] bad = cifarRecords(2, 1, 10);
        bad[0] = 42;
        Files.write(ten.resolve("data_batch_3.bin"), bad);
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> CifarBinary.CIFAR10.read(ten, true), "label 42");
    }

    @Test
    void labelArraysInCsvJsonAndNpy() throws IOException {
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "label\n3\n1\n4\n");
        assertArrayEquals(new int[] {3, 1, 4}, LabelArrays.read(csv, 3, 10));
        Path json = dir.resolve("labels.json");
        Files.writeString(json, "[3, 1, 4, 1]");
        assertArrayEquals(new int[] {3, 1, 4, 1}, LabelArrays.read(json));
        Path text = dir.resolve("roundtrip.txt");
        LabelArrays.writeText(text, new int[] {5, 0, 9});
        assertArrayEquals(new int[] {5, 0, 9}, LabelArrays.read(text));
        Path npy = dir.resolve("labels.npy");
        Files.write(npy, npy(new long[] {2, 7, 1, 8}));
        assertArrayEquals(new int[] {2, 7, 1, 8}, LabelArrays.read(npy, 4, 10));

        org.dl4jsam.noisylabels.BadInput.assertRefused(
                () -> LabelArrays.read(csv, 4, 10), "holds 3 labels but the dataset has 4");
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> LabelArrays.read(json, 4, 4), "label 4");
        Path truncated = dir.resolve("short.npy");
        byte[] full = npy(new long[] {2, 7, 1, 8});
        Files.write(truncated, Arrays.copyOf(full, full.length - 4));
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> LabelArrays.read(truncated), "truncated");
        Path garbage = dir.resolve("garbage.csv");
        Files.writeString(garbage, "1\n2\nthree\n");
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> LabelArrays.read(garbage), "three");
    }

    @Test
    void aByteOrderMarkIsNoHeaderAndABadFirstLineIsNoHeader() throws IOException {
        Path bom = dir.resolve("bom.csv");
        Files.writeString(bom, "\uFEFF3\n1\n4\n"); //        as some spreadsheet programs save CSV
        assertArrayEquals(new int[] {3, 1, 4}, LabelArrays.read(bom, 3, 10));
        Path bomHeader = dir.resolve("bom-header.csv");
        Files.writeString(bomHeader, "\uFEFFnoisy label\n3\n1\n");
        assertArrayEquals(new int[] {3, 1}, LabelArrays.read(bomHeader, 2, 10), "a header of two words is one line");
        Path typo = dir.resolve("typo.csv");
        Files.writeString(typo, "3x\n1\n4\n");
        org.dl4jsam.noisylabels.BadInput.assertRefused(() -> LabelArrays.read(typo), "\"3x\"");
    }

    /** A version-1 .npy file of little-endian int64, as numpy.save writes it. */
    static byte[] npy(long[] values) throws IOException {
        String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int total = 10 + header.length() + 1;
        int padding = (64 - total % 64) % 64;
        header = header + " ".repeat(padding) + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0x93);
        bytes.write("NUMPY".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        bytes.write(1);
        bytes.write(0);
        bytes.write(header.length() & 0xff);
        bytes.write(header.length() >> 8);
        bytes.write(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        java.nio.ByteBuffer data =
                java.nio.ByteBuffer.allocate(8 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        bytes.write(data.array());
        return bytes.toByteArray();
    }
}

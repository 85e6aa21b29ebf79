package org.dl4jsam.noisylabels.datasets;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX files of MNIST and Fashion-MNIST, plain or gzip-compressed (detected by
 * content). Images have magic 2051 and dimensions N×rows×cols; labels magic 2049 and N entries.
 * This avoids DL4J's {@code MnistDataSetIterator}, which tries to download over {@code .gz} files.
 */
public final class IdxFiles {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {}

    /**
     * Images as {@code [N, 1, rows, cols]} bytes.
     *
     * @param file an IDX image file (optionally gzipped)
     * @param dims receives {@code {n, rows, cols}}
     * @return the pixels, example-major
     * @throws IOException if the file is missing, truncated or not an IDX image file
     */
    public static byte[] readImages(Path file, int[] dims) throws IOException {
        try (DataInputStream in = open(file)) {
            return readImages(in, file, dims);
        } catch (EOFException e) {
            throw truncatedHeader(file, e);
        } catch (java.util.zip.ZipException e) {
            throw corruptGzip(file, e);
        }
    }

    private static byte[] readImages(DataInputStream in, Path file, int[] dims) throws IOException {
        {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw wrongMagic(file, magic, IMAGES_MAGIC, "an IDX image file (idx3-ubyte)");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows <= 0 || cols <= 0) {
                throw new IllegalArgumentException(file + ": invalid IDX header (" + n + "×" + rows + "×" + cols + ")");
            }
            long size = (long) n * rows * cols;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        file + ": the IDX header declares " + n + " images of " + rows + "×" + cols + " (" + size
                                + " bytes), more than one array holds: a corrupt header, or not an IDX file");
            }
            byte[] pixels = new byte[(int) size];
            readFully(in, pixels, file, n + " images of " + rows + "×" + cols);
            requireEnd(in, file, n + " images of " + rows + "×" + cols);
            dims[0] = n;
            dims[1] = rows;
            dims[2] = cols;
            return pixels;
        }
    }

    /**
     * Labels, each checked to be below {@code numClasses}.
     *
     * @param file an IDX label file (optionally gzipped)
     * @param numClasses C
     * @return the labels
     * @throws IOException if the file is missing, truncated or not an IDX label file
     */
    public static int[] readLabels(Path file, int numClasses) throws IOException {
        try (DataInputStream in = open(file)) {
            return readLabels(in, file, numClasses);
        } catch (EOFException e) {
            throw truncatedHeader(file, e);
        } catch (java.util.zip.ZipException e) {
            throw corruptGzip(file, e);
        }
    }

    private static int[] readLabels(DataInputStream in, Path file, int numClasses) throws IOException {
        {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw wrongMagic(file, magic, LABELS_MAGIC, "an IDX label file (idx1-ubyte)");
            }
            int n = in.readInt();
            if (n < 0) {
                throw new IllegalArgumentException(file + ": invalid IDX label count " + n);
            }
            byte[] raw = new byte[n];
            readFully(in, raw, file, n + " labels");
            requireEnd(in, file, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = raw[i] & 0xff;
                if (labels[i] >= numClasses) {
                    throw new IllegalArgumentException(file + ": label " + labels[i] + " of example " + i
                            + " is not below " + numClasses + "; is this the right dataset?");
                }
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static void readFully(DataInputStream in, byte[] target, Path file, String what) throws IOException {
        try {
            in.readFully(target);
        } catch (EOFException e) {
            throw new IllegalArgumentException(
                    file + " is truncated: its header declares " + what
                            + " but the file ends early. Re-download or re-install the dataset",
                    e);
        }
    }

    /**
     * The payload must be the whole file: reading to its end also makes a gzip stream check its CRC and length.
     */
    private static void requireEnd(DataInputStream in, Path file, String what) throws IOException {
        long extra = 0;
        byte[] rest = new byte[1 << 12];
        for (int read; (read = in.read(rest)) > 0; ) {
            extra += read;
        }
        if (extra > 0) {
            throw new IllegalArgumentException(file + " has " + extra + " bytes after the " + what
                    + " its header declares: a corrupt or concatenated file. Re-download or re-install the dataset");
        }
    }

    private static IllegalArgumentException corruptGzip(Path file, java.util.zip.ZipException e) {
        return new IllegalArgumentException(
                file + " is a corrupt gzip file (" + e.getMessage() + "). Re-download or re-install the dataset", e);
    }

    private static IllegalArgumentException truncatedHeader(Path file, EOFException e) {
        return new IllegalArgumentException(
                file + " is truncated: it ends inside the IDX header. Re-download or " + "re-install the dataset", e);
    }

    private static IllegalArgumentException wrongMagic(Path file, int magic, int expected, String what) {
        return new IllegalArgumentException(String.format(
                "%s is not %s: magic number 0x%08x, expected 0x%08x (wrong file, or a corrupt download)",
                file, what, magic, expected));
    }
}

package org.dl4jsam.noisylabels.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-10 / CIFAR-100 from the official binary files, in canonical order (needed to align CIFAR-N
 * labels; DL4J's and DataVec's CIFAR loaders download and shuffle). CIFAR-10: {@code data_batch_1..5.bin}
 * and {@code test_batch.bin}, 3073-byte records (label, 1024 R, 1024 G, 1024 B). CIFAR-100:
 * {@code train.bin} / {@code test.bin}, 3074-byte records (coarse label, fine label, pixels). The
 * directory may be the one holding the files or its parent ({@code cifar-10-batches-bin/},
 * {@code cifar-100-binary/}).
 */
public enum CifarBinary {
    /** CIFAR-10: {@code cifar-10-batches-bin}, one label byte per record. */
    CIFAR10("CIFAR-10", "cifar-10-batches-bin", 10, 1),
    /** CIFAR-100: {@code cifar-100-binary}, coarse and fine label bytes per record. */
    CIFAR100("CIFAR-100", "cifar-100-binary", 100, 2);

    private static final int PIXELS = 3 * 32 * 32;

    private final String displayName;
    private final String subdirectory;
    private final int numClasses;
    private final int labelBytes;

    CifarBinary(String displayName, String subdirectory, int numClasses, int labelBytes) {
        this.displayName = displayName;
        this.subdirectory = subdirectory;
        this.numClasses = numClasses;
        this.labelBytes = labelBytes;
    }

    /** @return the number of (fine) classes */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The training (50,000) or test (10,000) split.
     *
     * @param dataDir the directory holding the binary files (or their parent)
     * @param train the training split, else the test split
     * @return the images and labels in file order
     * @throws IOException if a file is missing, truncated or malformed (the message names it)
     */
    public ImageDataset read(Path dataDir, boolean train) throws IOException {
        Path dir = Files.isDirectory(dataDir.resolve(subdirectory)) ? dataDir.resolve(subdirectory) : dataDir;
        List<String> names = this == CIFAR10
                ? (train
                        ? List.of(
                                "data_batch_1.bin",
                                "data_batch_2.bin",
                                "data_batch_3.bin",
                                "data_batch_4.bin",
                                "data_batch_5.bin")
                        : List.of("test_batch.bin"))
                : List.of(train ? "train.bin" : "test.bin");
        int record = labelBytes + PIXELS;
        long total = 0;
        for (String name : names) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(
                        file.toString(),
                        null,
                        displayName + " binary file " + name
                                + " is missing in " + dir + ". Fix: pass --data-dir pointing at the extracted "
                                + subdirectory
                                + " directory of the official binary version");
            }
            long size = Files.size(file);
            if (size == 0 || size % record != 0) {
                throw new IllegalArgumentException(file + " has " + size + " bytes, not a whole number of " + record
                        + "-byte " + displayName + " records: the file is truncated or is not the binary version");
            }
            total += size / record;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        int[] coarse = labelBytes == 2 ? new int[n] : null;
        int k = 0;
        for (String name : names) {
            Path file = dir.resolve(name);
            byte[] bytes = Files.readAllBytes(file);
            for (int offset = 0; offset < bytes.length; offset += record, k++) {
                if (coarse != null) {
                    coarse[k] = bytes[offset] & 0xff;
                }
                labels[k] = bytes[offset + labelBytes - 1] & 0xff;
                if (labels[k] >= numClasses || (coarse != null && coarse[k] >= 20)) {
                    throw new IllegalArgumentException(file + ": record " + (offset / record) + " has label "
                            + labels[k] + (coarse != null ? " (coarse " + coarse[k] + ")" : "")
                            + ", out of range for " + displayName + "; is this the right dataset?");
                }
                System.arraycopy(bytes, offset + labelBytes, pixels, k * PIXELS, PIXELS);
            }
        }
        return new ImageDataset(
                displayName + (train ? " train" : " test"), pixels, labels, coarse, 3, 32, 32, numClasses);
    }
}

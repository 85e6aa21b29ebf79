package org.dl4jsam.noisylabels.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MNIST and Fashion-MNIST from local IDX files ({@code {train,t10k}-{images-idx3,labels-idx1}-ubyte},
 * optionally {@code .gz}). The directory is the explicit one, else the environment variable
 * ({@code FASHION_MNIST_DIR} / {@code MNIST_DIR}), else the Debian package location
 * ({@code /usr/share/datasets/fashion-mnist/}, package {@code dataset-fashion-mnist}).
 */
public enum MnistFamily {
    /** Fashion-MNIST (Debian package {@code dataset-fashion-mnist}). */
    FASHION_MNIST(
            "Fashion-MNIST",
            "FASHION_MNIST_DIR",
            "/usr/share/datasets/fashion-mnist",
            "sudo apt-get install dataset-fashion-mnist"),
    /** MNIST (IDX files in a directory). */
    MNIST("MNIST", "MNIST_DIR", "/usr/share/datasets/mnist", "download the four IDX files of MNIST into a directory");

    private final String displayName;
    private final String environmentVariable;
    private final String systemDirectory;
    private final String installHint;

    MnistFamily(String displayName, String environmentVariable, String systemDirectory, String installHint) {
        this.displayName = displayName;
        this.environmentVariable = environmentVariable;
        this.systemDirectory = systemDirectory;
        this.installHint = installHint;
    }

    /** @return the environment variable that names the data directory */
    public String environmentVariable() {
        return environmentVariable;
    }

    /**
     * The directory holding the files, by the documented lookup order.
     *
     * @param explicit a directory given by the user, if any
     * @return the directory
     * @throws NoSuchFileException naming every place tried and how to install the data
     */
    public Path locate(Optional<Path> explicit) throws NoSuchFileException {
        List<Path> tried = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        explicit.ifPresent(candidates::add);
        if (explicit.isEmpty()) {
            String fromEnvironment = System.getenv(environmentVariable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                candidates.add(Path.of(fromEnvironment));
            }
            candidates.add(Path.of(systemDirectory));
        }
        for (Path dir : candidates) {
            tried.add(dir);
            if (find(dir, "train-images-idx3-ubyte").isPresent()) {
                return dir;
            }
        }
        throw new NoSuchFileException(
                tried.toString(),
                null,
                displayName + " IDX files not found in " + tried
                        + ". Fix: " + installHint + ", or set " + environmentVariable
                        + " / --data-dir to the directory "
                        + "holding train-images-idx3-ubyte[.gz]");
    }

    /**
     * The training (60,000) or test (10,000) split from {@code dir}.
     *
     * @param dir the directory holding the IDX files
     * @param train the training split, else the test split
     * @return the images and labels in file order
     * @throws IOException if a file is missing, truncated or malformed
     */
    public ImageDataset read(Path dir, boolean train) throws IOException {
        String prefix = train ? "train" : "t10k";
        Path images = require(dir, prefix + "-images-idx3-ubyte");
        Path labelsFile = require(dir, prefix + "-labels-idx1-ubyte");
        int[] dims = new int[3];
        byte[] pixels = IdxFiles.readImages(images, dims);
        int[] labels = IdxFiles.readLabels(labelsFile, 10);
        if (labels.length != dims[0]) {
            throw new IllegalArgumentException(labelsFile + " has " + labels.length + " labels but " + images + " has "
                    + dims[0] + " images: the label file does not belong to this image file");
        }
        return new ImageDataset(
                displayName + (train ? " train" : " test"), pixels, labels, null, 1, dims[1], dims[2], 10);
    }

    private Path require(Path dir, String base) throws NoSuchFileException {
        return find(dir, base)
                .orElseThrow(() -> new NoSuchFileException(
                        dir.resolve(base).toString(),
                        null,
                        displayName + " file " + base + "[.gz] is missing in " + dir + ". Fix: " + installHint));
    }

    private static Optional<Path> find(Path dir, String base) {
        for (String name : new String[] {base, base + ".gz"}) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}

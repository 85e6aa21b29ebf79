package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dl4jsam.noisylabels.AsymmetricMapping;
import org.dl4jsam.noisylabels.datasets.CifarBinary;
import org.dl4jsam.noisylabels.datasets.ImageDataset;
import org.dl4jsam.noisylabels.datasets.MnistFamily;
import org.dl4jsam.noisylabels.dl4j.ImageNormalization;

/** The datasets the command line reads from local files, with their normalization and asymmetric map. */
public enum DatasetChoice {
    /** Fashion-MNIST (the Debian package), with the GCE paper's asymmetric map. */
    FASHION_MNIST("fashion-mnist", ImageNormalization.FASHION_MNIST, AsymmetricMapping.FASHION_MNIST_GCE),
    /** MNIST (IDX files in a directory). */
    MNIST("mnist", new ImageNormalization(new double[] {0.1307}, new double[] {0.3081}), AsymmetricMapping.MNIST),
    /** CIFAR-10 (binary version), with the usual asymmetric map. */
    CIFAR10("cifar10", ImageNormalization.CIFAR10, AsymmetricMapping.CIFAR10),
    /** CIFAR-100 (binary version), next class within each superclass. */
    CIFAR100("cifar100", ImageNormalization.CIFAR100, AsymmetricMapping.CIFAR100_NEXT_CLASS);

    private final String cliName;
    private final ImageNormalization normalization;
    private final AsymmetricMapping asymmetricMapping;

    DatasetChoice(String cliName, ImageNormalization normalization, AsymmetricMapping asymmetricMapping) {
        this.cliName = cliName;
        this.normalization = normalization;
        this.asymmetricMapping = asymmetricMapping;
    }

    /** @return the name on the command line */
    public String cliName() {
        return cliName;
    }

    /** @return {@link #cliName()}, as help texts show defaults */
    @Override
    public String toString() {
        return cliName;
    }

    /** @return the pixel normalization */
    public ImageNormalization normalization() {
        return normalization;
    }

    /** @return the map of {@code --noise asymmetric:γ} */
    public AsymmetricMapping asymmetricMapping() {
        return asymmetricMapping;
    }

    /**
     * @param numClasses the classes the files hold
     * @return the class names in label order: Fashion-MNIST's and CIFAR-10's words, else the label itself
     */
    public java.util.List<String> classNames(int numClasses) {
        java.util.List<String> words =
                switch (this) {
                    case FASHION_MNIST -> java.util.List.of(
                            "t-shirt",
                            "trouser",
                            "pullover",
                            "dress",
                            "coat",
                            "sandal",
                            "shirt",
                            "sneaker",
                            "bag",
                            "ankle-boot");
                    case CIFAR10 -> java.util.List.of(
                            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
                    default -> java.util.List.of();
                };
        return words.size() == numClasses
                ? words
                : java.util.stream.IntStream.range(0, numClasses)
                        .mapToObj(Integer::toString)
                        .toList();
    }

    /** @return whether this is CIFAR-10 or CIFAR-100 */
    public boolean isCifar() {
        return this == CIFAR10 || this == CIFAR100;
    }

    /**
     * @param name a dataset name
     * @return the dataset
     * @throws IllegalArgumentException listing the names when there is none of that name
     */
    public static DatasetChoice parse(String name) {
        for (DatasetChoice d : values()) {
            if (d.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; available: "
                + Arrays.stream(values()).map(DatasetChoice::cliName).collect(Collectors.joining(", ")));
    }

    /**
     * Fail now, with the fix, if the dataset's files cannot be found (before any output is written).
     *
     * @param dataDir the directory given by the user, or null for the default lookup
     * @throws NoSuchFileException naming the places tried and how to install the data
     */
    public void checkAvailable(Path dataDir) throws NoSuchFileException {
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new NoSuchFileException(dataDir.toString(), null, "--data-dir " + dataDir + " is not a directory");
        }
        switch (this) {
            case FASHION_MNIST -> MnistFamily.FASHION_MNIST.locate(Optional.ofNullable(dataDir));
            case MNIST -> MnistFamily.MNIST.locate(Optional.ofNullable(dataDir));
            case CIFAR10, CIFAR100 -> {
                if (dataDir == null) {
                    throw new NoSuchFileException(
                            cliName,
                            null,
                            cliName + " needs --data-dir pointing at the official "
                                    + "binary files (data_batch_1.bin … or train.bin)");
                }
            }
        }
    }

    /**
     * @param dataDir the directory given by the user, or null for the default lookup
     * @param train the training split, else the test split
     * @return the images and labels
     * @throws IOException if a file is missing or malformed
     */
    public ImageDataset read(Path dataDir, boolean train) throws IOException {
        checkAvailable(dataDir);
        return switch (this) {
            case FASHION_MNIST -> MnistFamily.FASHION_MNIST.read(
                    MnistFamily.FASHION_MNIST.locate(Optional.ofNullable(dataDir)), train);
            case MNIST -> MnistFamily.MNIST.read(MnistFamily.MNIST.locate(Optional.ofNullable(dataDir)), train);
            case CIFAR10 -> CifarBinary.CIFAR10.read(dataDir, train); // checkAvailable required dataDir
            case CIFAR100 -> CifarBinary.CIFAR100.read(dataDir, train);
        };
    }
}

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
    FASHION_MNIST("fashion-mnist", ImageNormalization.FASHION_MNIST, AsymmetricMapping.FASHION_MNIST_GCE),
    MNIST("mnist", new ImageNormalization(new double[] {0.1307}, new double[] {0.3081}), AsymmetricMapping.MNIST),
    CIFAR10("cifar10", ImageNormalization.CIFAR10, AsymmetricMapping.CIFAR10),
    CIFAR100("cifar100", ImageNormalization.CIFAR100, AsymmetricMapping.CIFAR100_NEXT_CLASS);

    private final String cliName;
    private final ImageNormalization normalization;
    private final AsymmetricMapping asymmetricMapping;

    DatasetChoice(String cliName, ImageNormalization normalization, AsymmetricMapping asymmetricMapping) {
        this.cliName = cliName;
        this.normalization = normalization;
        this.asymmetricMapping = asymmetricMapping;
    }

    public String cliName() {
        return cliName;
    }

    public ImageNormalization normalization() {
        return normalization;
    }

    public AsymmetricMapping asymmetricMapping() {
        return asymmetricMapping;
    }

    public boolean isCifar() {
        return this == CIFAR10 || this == CIFAR100;
    }

    public static DatasetChoice parse(String name) {
        for (DatasetChoice d : values()) {
            if (d.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; available: "
                + Arrays.stream(values()).map(DatasetChoice::cliName).collect(Collectors.joining(", ")));
    }

    /** Fail now, with the fix, if the dataset's files cannot be found (before any output is written). */
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

    /** The training or test split, from {@code dataDir} or the dataset's default location. */
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

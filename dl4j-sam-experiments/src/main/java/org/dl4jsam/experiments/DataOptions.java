package org.dl4jsam.experiments;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import org.dl4jsam.experiments.compare.DatasetChoice;
import picocli.CommandLine.Option;

/** The options that name a dataset and its label noise, shared by {@code compare} and {@code noise}. */
public final class DataOptions {
    /** The dataset names, as picocli's completion candidates. */
    static final class DatasetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(DatasetChoice.values())
                    .map(DatasetChoice::cliName)
                    .iterator();
        }
    }

    /** The dataset. */
    @Option(
            names = "--dataset",
            completionCandidates = DatasetNames.class,
            converter = DatasetChoiceConverter.class,
            description = "${COMPLETION-CANDIDATES}")
    public DatasetChoice dataset = DatasetChoice.FASHION_MNIST;

    /** The directory of its files, or null for the documented lookup. */
    @Option(
            names = "--data-dir",
            description = "directory of the dataset files (default: FASHION_MNIST_DIR, then "
                    + "/usr/share/datasets/fashion-mnist; CIFAR needs it)")
    public Path dataDir;

    /** The noise argument. */
    @Option(
            names = "--noise",
            description = "none, symmetric:γ, symmetric-bernoulli:γ, symmetric-inclusive:γ, "
                    + "asymmetric:γ, pairflip:γ, idn:γ, cifarn:KEY, file:PATH")
    public String noise = "symmetric:0.4";

    /** The CIFAR-N label file for {@code cifarn:KEY}. */
    @Option(names = "--cifarn-file", description = "CIFAR-10_human.pt / CIFAR-100_human.pt for --noise cifarn:KEY")
    public Path cifarNFile;

    /** Converts a dataset name, listing the names when it is unknown. */
    static final class DatasetChoiceConverter implements picocli.CommandLine.ITypeConverter<DatasetChoice> {
        @Override
        public DatasetChoice convert(String value) {
            return DatasetChoice.parse(value);
        }
    }
}

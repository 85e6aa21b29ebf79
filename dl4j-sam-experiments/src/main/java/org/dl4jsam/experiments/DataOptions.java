package org.dl4jsam.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.dl4jsam.experiments.compare.DatasetChoice;
import org.dl4jsam.experiments.data.DataSource;
import org.dl4jsam.experiments.data.OwnDataSpec;
import picocli.CommandLine.Option;

/**
 * The options that name the data and its label noise, shared by {@code compare} and {@code noise}: a
 * built-in dataset or the user's own image folder / CSV file, how that is read, and the injected noise.
 */
public final class DataOptions {
    /** The dataset forms, as picocli's completion candidates. */
    static final class DatasetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>(Arrays.stream(DatasetChoice.values())
                    .map(DatasetChoice::cliName)
                    .toList());
            names.add("images:DIR");
            names.add("csv:FILE");
            return names.iterator();
        }
    }

    /** The data. */
    @Option(
            names = "--dataset",
            completionCandidates = DatasetNames.class,
            converter = DataSourceConverter.class,
            description = "${COMPLETION-CANDIDATES} (images:DIR: one sub-folder per class; csv:FILE: numeric "
                    + "features and a label column)")
    public DataSource dataset = new DataSource.BuiltIn(DatasetChoice.FASHION_MNIST);

    /** The directory of the built-in dataset's files, or null for the documented lookup. */
    @Option(
            names = "--data-dir",
            description = "directory of a built-in dataset's files (default: FASHION_MNIST_DIR, then "
                    + "/usr/share/datasets/fashion-mnist; CIFAR needs it)")
    public Path dataDir;

    /** The noise argument, or null for the default of the data. */
    @Option(
            names = "--noise",
            description = "none, symmetric:γ, symmetric-bernoulli:γ, symmetric-inclusive:γ, "
                    + "asymmetric:γ, pairflip:γ, idn:γ, cifarn:KEY, file:PATH (default: symmetric:0.4 on a built-in "
                    + "dataset, none on your own data: its labels are taken as given)")
    public String noise;

    /** The CIFAR-N label file for {@code cifarn:KEY}. */
    @Option(names = "--cifarn-file", description = "CIFAR-10_human.pt / CIFAR-100_human.pt for --noise cifarn:KEY")
    public Path cifarNFile;

    /** A separate test folder or CSV file. */
    @Option(
            names = "--test-data",
            description = "own data: a test folder (same class folders) or CSV file (same columns); "
                    + "default: a seeded stratified split")
    public Path testData;

    /** The held-out fraction without test data. */
    @Option(names = "--test-fraction", description = "own data without --test-data: fraction held out for testing")
    public double testFraction = OwnDataSpec.DEFAULTS.testFraction();

    /** The image size. */
    @Option(names = "--image-size", description = "images: resize every image to HxW (default: their own size)")
    public String imageSize;

    /** The channels. */
    @Option(names = "--channels", description = "images: convert to 1 (grey) or 3 (colour) channels (default: theirs)")
    public int channels;

    /** The CSV label column. */
    @Option(
            names = "--label-column",
            description = "csv: the label column, by header name or 0-based index (default: the last column)")
    public String labelColumn;

    /** Whether the CSV file has a header line. */
    @Option(
            names = "--csv-header",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "csv: the first line names the columns (--no-csv-header: it is data)")
    public boolean csvHeader = true;

    /** The normalization of own data. */
    @Option(
            names = "--normalization",
            description = "own data: auto (per channel / feature, from the training split), none, or MEAN,…/STD,…")
    public String normalization = OwnDataSpec.DEFAULTS.normalization();

    /** Hand-checked labels of some examples. */
    @Option(
            names = "--trusted-labels",
            description = "own data: a file of id,label lines for hand-checked examples (id: path in the image "
                    + "folder or CSV line number) — gives true accuracy and memorization on them")
    public Path trustedLabels;

    /** Whether images are read from disk every minibatch. */
    @Option(
            names = "--stream",
            description = "images: read them from disk every minibatch instead of holding them in memory (automatic "
                    + "when a folder would fill 40%% of the memory budget)")
    public boolean stream;

    /** @return the noise argument, defaulted for the data */
    public String noiseArgument() {
        return noise != null ? noise : dataset.isOwn() ? "none" : "symmetric:0.4";
    }

    /** @return how own data is read, or null for a built-in dataset */
    public OwnDataSpec own() {
        if (!dataset.isOwn()) {
            if (trustedLabels != null || testData != null) {
                throw new IllegalArgumentException(
                        "--trusted-labels and --test-data are for your own data "
                                + "(--dataset images:DIR or csv:FILE); the built-in datasets know their test set and clean labels");
            }
            return null;
        }
        return new OwnDataSpec(
                testData == null ? null : testData.toAbsolutePath().normalize().toString(),
                testFraction,
                imageSize,
                channels,
                labelColumn,
                csvHeader,
                normalization,
                trustedLabels == null
                        ? null
                        : trustedLabels.toAbsolutePath().normalize().toString(),
                stream);
    }

    /** Converts a dataset argument, listing the forms when it is unknown. */
    static final class DataSourceConverter implements picocli.CommandLine.ITypeConverter<DataSource> {
        @Override
        public DataSource convert(String value) {
            return DataSource.parse(value);
        }
    }
}

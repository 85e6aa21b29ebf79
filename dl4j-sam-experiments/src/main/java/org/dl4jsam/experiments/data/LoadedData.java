package org.dl4jsam.experiments.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.dl4jsam.experiments.compare.DatasetChoice;
import org.dl4jsam.noisylabels.InstanceDependentNoise;
import org.dl4jsam.noisylabels.datasets.ImageDataset;
import org.dl4jsam.noisylabels.datasets.Subsets;
import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
import org.dl4jsam.noisylabels.dl4j.ImageNormalization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training and test examples of a run, read, checked, split and normalized: the built-in datasets with
 * their published statistics, a user's image folder or CSV file with statistics of its training split.
 *
 * @param train the training examples (the noisy validation split is taken from them later)
 * @param test the test examples
 * @param normalization what was applied, for the report
 * @param trainingFile a built-in dataset's whole training set and the rows kept, or null for own data
 */
public record LoadedData(Examples train, Examples test, String normalization, TrainingFile trainingFile) {
    /** The seed of the train/test split of a user's data: fixed, so every run seed sees the same test set. */
    public static final long SPLIT_SEED = 0;

    /**
     * Reads a source.
     *
     * @param source the {@code --dataset}
     * @param own how own data is read (ignored for built-ins)
     * @param dataDir the built-ins' directory, or null for the default lookup
     * @param trainSize training examples kept (class-stratified; 0: all)
     * @param testSize test examples kept (the first n; 0: all)
     * @return the data
     * @throws IOException if files are missing or malformed
     */
    public static LoadedData load(DataSource source, OwnDataSpec own, Path dataDir, int trainSize, int testSize)
            throws IOException {
        if (source instanceof DataSource.BuiltIn b) {
            return builtIn(b.dataset(), dataDir, trainSize, testSize);
        }
        LoadedData all = source instanceof DataSource.Images i
                ? images(i.folder(), own)
                : csv(((DataSource.Csv) source).file(), own);
        return all.limit(trainSize, testSize, source.argument());
    }

    private LoadedData limit(int trainSize, int testSize, String name) {
        checkSizes(trainSize, testSize, train.size(), test.size(), name);
        Examples keptTrain = trainSize > 0
                ? train.subset(Subsets.stratified(train.labels(), train.numClasses(), trainSize, 0))
                : train;
        Examples keptTest = testSize > 0 ? test.subset(Subsets.firstN(testSize, test.size())) : test;
        return new LoadedData(keptTrain, keptTest, normalization, null);
    }

    private static void checkSizes(int trainSize, int testSize, int trainCount, int testCount, String name) {
        if (trainSize > trainCount || testSize > testCount) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "--train-size %d / --test-size %d exceed the %d training / %d test examples of %s; use smaller "
                            + "sizes (0: all)",
                    trainSize,
                    testSize,
                    trainCount,
                    testCount,
                    name));
        }
    }

    private static LoadedData builtIn(DatasetChoice dataset, Path dataDir, int trainSize, int testSize)
            throws IOException {
        ImageDataset train = dataset.read(dataDir, true);
        ImageDataset test = dataset.read(dataDir, false);
        if (test.channels() != train.channels() || test.height() != train.height() || test.width() != train.width()) {
            throw new IllegalArgumentException(String.format(
                    "the %s test images are %d×%d×%d but the training images %d×%d×%d: both files must hold images "
                            + "of one size; check the test files in the data directory",
                    dataset.cliName(),
                    test.channels(),
                    test.height(),
                    test.width(),
                    train.channels(),
                    train.height(),
                    train.width()));
        }
        checkSizes(trainSize, testSize, train.size(), test.size(), dataset.cliName());
        List<String> classes = dataset.classNames(train.numClasses());
        int[] trainRows = trainSize > 0
                ? Subsets.stratified(train.labels(), train.numClasses(), trainSize, 0)
                : IntStream.range(0, train.size()).toArray();
        int[] testRows = testSize > 0
                ? Subsets.firstN(testSize, test.size())
                : IntStream.range(0, test.size()).toArray();
        ImageNormalization normalization = dataset.normalization();
        return new LoadedData(
                examples(train.subset(trainRows), normalization, classes, indexIds(trainRows)),
                examples(test.subset(testRows), normalization, classes, indexIds(testRows)),
                describe(normalization.mean(), normalization.std(), "published " + dataset.cliName() + " statistics"),
                new TrainingFile(dataset.cliName(), train.labels(), trainRows));
    }

    private static List<String> indexIds(int[] rows) {
        return java.util.Arrays.stream(rows).mapToObj(Integer::toString).toList();
    }

    private static Examples examples(
            ImageDataset images, ImageNormalization normalization, List<String> classes, List<String> ids) {
        return new Examples(
                images.name(),
                ExampleFeatures.of(images.features(normalization)),
                images.labels(),
                classes,
                ids,
                images.coarseLabels(),
                images::rawFeatures,
                InstanceDependentNoise.PIXEL_SCALE);
    }

    /**
     * The share of the memory budget (JavaCPP's {@code maxBytes}, where ND4J allocates) an image folder may fill
     * in memory (its bytes and its float features); a larger folder is streamed from disk.
     */
    static final double IN_MEMORY_SHARE = 0.4;

    private static LoadedData images(Path folder, OwnDataSpec own) throws IOException {
        String option = "--dataset images:" + folder;
        ImageFolder.Listing listing = ImageFolder.list(folder, option);
        ImageFolder.Listing testListing = null;
        String testOption = "--test-data " + own.testData();
        if (own.testData() != null) {
            testListing = ImageFolder.list(Path.of(own.testData()), testOption);
        }
        List<java.nio.file.Path> every = new ArrayList<>(listing.files());
        if (testListing != null) {
            every.addAll(testListing.files());
        }
        int[] hw = own.heightWidth();
        ImageFolder.Shape shape = ImageFolder.decideShape(every, hw[0], hw[1], own.channels(), option);
        long bytes = (long) every.size() * shape.channels() * shape.height() * shape.width() * (1 + Float.BYTES);
        boolean stream = own.stream() || bytes > IN_MEMORY_SHARE * org.bytedeco.javacpp.Pointer.maxBytes();
        Examples all =
                images(folder.toString(), listing, listing.labels(), listing.classNames(), shape, stream, option);
        Examples train;
        Examples test;
        if (testListing == null) {
            int[][] split = stratifiedSplit(all.labels(), all.numClasses(), own.testFraction(), option);
            train = all.subset(split[0]);
            test = all.subset(split[1]);
            test = test.withName(folder + " (test split)");
        } else {
            int[] testLabels =
                    relabel(testListing.labels(), testListing.classNames(), listing.classNames(), testOption);
            train = all;
            test = images(own.testData(), testListing, testLabels, listing.classNames(), shape, stream, testOption);
        }
        Normalization normalization = Normalization.parse(own.normalization()).resolve(train.features());
        String what = describe(
                        normalization.mean(),
                        normalization.std(),
                        own.normalization().equals("auto") ? "training split" : "given")
                + (!stream
                        ? ""
                        : own.stream()
                                ? "; images read from disk every minibatch (--stream)"
                                : String.format(
                                        Locale.ROOT,
                                        "; images read from disk every minibatch (%.1f GB in memory would exceed "
                                                + "%.0f%% of the %.1f GB memory budget)",
                                        bytes / 1e9,
                                        100 * IN_MEMORY_SHARE,
                                        org.bytedeco.javacpp.Pointer.maxBytes() / 1e9));
        return new LoadedData(normalized(train, normalization), normalized(test, normalization), what, null);
    }

    /** The images of a listing: decoded into memory, or files read on demand. */
    private static Examples images(
            String name,
            ImageFolder.Listing listing,
            int[] labels,
            List<String> classNames,
            ImageFolder.Shape shape,
            boolean stream,
            String option)
            throws IOException {
        if (stream) {
            return new Examples(
                    name,
                    new ImageFiles(listing.files(), shape.height(), shape.width(), shape.channels(), NONE),
                    labels,
                    classNames,
                    listing.ids(),
                    null,
                    () -> {
                        throw new IllegalArgumentException(
                                "--noise idn:γ reads every image at once; it is not available "
                                        + "when the images are read from disk per minibatch (--stream, or a folder too large for "
                                        + "memory) — use symmetric:γ or pairflip:γ, or fewer / smaller images");
                    },
                    InstanceDependentNoise.PIXEL_SCALE);
        }
        ImageDataset pixels = new ImageDataset(
                name,
                ImageFolder.decode(listing, shape, option),
                labels,
                null,
                shape.channels(),
                shape.height(),
                shape.width(),
                classNames.size());
        return new Examples(
                name,
                ExampleFeatures.of(pixels.features(ImageNormalization.UNIT)),
                labels,
                classNames,
                listing.ids(),
                null,
                pixels::rawFeatures,
                InstanceDependentNoise.PIXEL_SCALE);
    }

    private static final Normalization NONE = Normalization.parse("none");

    /** Applies a resolved normalization: in place to features in memory, per minibatch to streamed files. */
    private static Examples normalized(Examples examples, Normalization normalization) {
        if (examples.features() instanceof ImageFiles files) {
            return examples.withFeatures(
                    new ImageFiles(files.files(), files.height(), files.width(), files.channels(), normalization));
        }
        normalization.apply(((ExampleFeatures.InMemory) examples.features()).features());
        return examples;
    }

    private static LoadedData csv(Path file, OwnDataSpec own) throws IOException {
        String option = "--dataset csv:" + file;
        CsvTable table = CsvTable.read(file, own.csvHeader(), own.labelColumn(), option);
        List<String> classes = CsvTable.classOrder(table.labelNames());
        if (classes.size() < 2) {
            throw new IllegalArgumentException(option + ": every row has label '" + classes.get(0) + "' (column '"
                    + table.header().get(table.labelColumn()) + "'); a classifier needs at least two classes — "
                    + "check --label-column");
        }
        int[] labels = relabelNames(table.labelNames(), classes, table.lineNumbers(), option);
        List<String> ids = java.util.Arrays.stream(table.lineNumbers())
                .mapToObj(Integer::toString)
                .toList();
        ExampleFeatures features = ExampleFeatures.of(Nd4j.createFromArray(table.features())
                .reshape('c', table.rows(), table.featureCount())
                .castTo(DataType.FLOAT));
        Examples train;
        Examples test;
        if (own.testData() == null) {
            Examples all = new Examples(file.toString(), features, labels, classes, ids, null, null, 1.0);
            int[][] split = stratifiedSplit(labels, classes.size(), own.testFraction(), option);
            train = all.subset(split[0]);
            test = all.subset(split[1]);
        } else {
            String testOption = "--test-data " + own.testData();
            CsvTable testTable = CsvTable.read(Path.of(own.testData()), own.csvHeader(), own.labelColumn(), testOption);
            if (!testTable.header().equals(table.header()) || testTable.labelColumn() != table.labelColumn()) {
                throw new IllegalArgumentException(testOption + ": its columns " + testTable.header()
                        + " differ from the training file's " + table.header() + "; both files need the same columns");
            }
            train = new Examples(file.toString(), features, labels, classes, ids, null, null, 1.0);
            test = new Examples(
                    own.testData(),
                    ExampleFeatures.of(Nd4j.createFromArray(testTable.features())
                            .reshape('c', testTable.rows(), testTable.featureCount())
                            .castTo(DataType.FLOAT)),
                    relabelNames(testTable.labelNames(), classes, testTable.lineNumbers(), testOption),
                    classes,
                    java.util.Arrays.stream(testTable.lineNumbers())
                            .mapToObj(Integer::toString)
                            .toList(),
                    null,
                    null,
                    1.0);
        }
        Normalization normalization = Normalization.parse(own.normalization()).resolve(train.features());
        train = normalized(train, normalization);
        test = normalized(test, normalization);
        String what = normalization.mean() == null
                ? "values as written"
                : (own.normalization().equals("auto")
                        ? "standardized per feature (training split)"
                        : "standardized per feature (given)");
        return new LoadedData(withSelfNoise(train), withSelfNoise(test), what, null);
    }

    /** Instance-dependent noise on a table reads its standardized features. */
    private static Examples withSelfNoise(Examples e) {
        INDArray features = ((ExampleFeatures.InMemory) e.features()).features();
        return new Examples(e.name(), e.features(), e.labels(), e.classNames(), e.ids(), null, () -> features, 1.0);
    }

    private static int[][] stratifiedSplit(int[] labels, int numClasses, double testFraction, String option) {
        int n = labels.length;
        int testCount = (int) Math.round(testFraction * n);
        if (testCount < 1 || testCount >= n) {
            throw new IllegalArgumentException(option + ": " + n + " examples are too few for a "
                    + Math.round(100 * testFraction) + "% test split; add examples or give --test-data");
        }
        int[] test = Subsets.stratified(labels, numClasses, testCount, SPLIT_SEED);
        boolean[] isTest = new boolean[n];
        for (int i : test) {
            isTest[i] = true;
        }
        int[] train = IntStream.range(0, n).filter(i -> !isTest[i]).toArray();
        return new int[][] {train, test};
    }

    private static List<String> pick(List<String> ids, int[] rows) {
        return java.util.Arrays.stream(rows).mapToObj(ids::get).toList();
    }

    private static int[] relabel(int[] labels, List<String> names, List<String> classes, String option) {
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Integer k = index.get(names.get(labels[i]));
            if (k == null) {
                throw new IllegalArgumentException(
                        option + ": class folder '" + names.get(labels[i]) + "' is not a class of the training folder "
                                + classes + "; test classes must be training classes");
            }
            out[i] = k;
        }
        return out;
    }

    private static int[] relabelNames(List<String> names, List<String> classes, int[] lines, String option) {
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        int[] out = new int[names.size()];
        for (int i = 0; i < out.length; i++) {
            Integer k = index.get(names.get(i));
            if (k == null) {
                throw new IllegalArgumentException(option + ", line " + lines[i] + ": label '" + names.get(i)
                        + "' is not a class of the training file " + classes + "; test labels must be training labels");
            }
            out[i] = k;
        }
        return out;
    }

    private static String describe(double[] mean, double[] std, String source) {
        if (mean == null) {
            return "pixels / 255";
        }
        StringBuilder text = new StringBuilder("(x/255 − mean) / std per channel, ")
                .append(source)
                .append(": mean ");
        for (int k = 0; k < mean.length; k++) {
            text.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", mean[k]));
        }
        text.append(", std ");
        for (int k = 0; k < std.length; k++) {
            text.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", std[k]));
        }
        return text.toString();
    }
}

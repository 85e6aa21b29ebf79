package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.dl4jsam.experiments.data.DataSource;
import org.dl4jsam.experiments.data.Examples;
import org.dl4jsam.experiments.data.TrainingFile;
import org.dl4jsam.noisylabels.AsymmetricNoise;
import org.dl4jsam.noisylabels.InstanceDependentNoise;
import org.dl4jsam.noisylabels.NoiseManifest;
import org.dl4jsam.noisylabels.NoiseSpec;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.dl4jsam.noisylabels.PairFlipNoise;
import org.dl4jsam.noisylabels.Selection;
import org.dl4jsam.noisylabels.SymmetricNoise;
import org.dl4jsam.noisylabels.datasets.CifarNLabels;
import org.dl4jsam.noisylabels.datasets.LabelArrays;

/**
 * The {@code --noise} argument: {@code none}, {@code symmetric:γ} (exclusive, exact fraction — the
 * papers' protocol), {@code symmetric-bernoulli:γ}, {@code symmetric-inclusive:γ},
 * {@code asymmetric:γ} (the dataset's literature map), {@code pairflip:γ}, {@code idn:γ}
 * (instance-dependent on pixels/255), {@code cifarn:KEY} (with {@code --cifarn-file}) and
 * {@code file:PATH} (labels made elsewhere: text/CSV, JSON list, .npy).
 */
public final class NoiseArgument {
    private NoiseArgument() {}

    /** The labels and their manifest for the whole training set. */
    public record Outcome(NoisyLabels labels, NoiseManifest manifest) {}

    /**
     * Check a {@code --noise} argument without reading data.
     *
     * @param argument the argument
     * @param dataset the data it is for
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public static void validate(String argument, DataSource dataset) {
        parse(argument, dataset, null, null, null, 0, true);
    }

    /**
     * The labels a {@code --noise} argument gives the training set.
     *
     * @param argument the argument
     * @param dataset the data
     * @param train the training set
     * @param trainingFile the built-in dataset's whole training set, which label files index (null: {@code train}
     *     is the whole set, as for own data)
     * @param cifarNFile the CIFAR-N file for {@code cifarn:KEY}, or null
     * @param seed the seed
     * @return the labels and their manifest
     * @throws IOException if a label file cannot be read
     */
    public static Outcome apply(
            String argument, DataSource dataset, Examples train, TrainingFile trainingFile, Path cifarNFile, long seed)
            throws IOException {
        return parse(argument, dataset, train, trainingFile, cifarNFile, seed, false);
    }

    private static Outcome parse(
            String argument,
            DataSource dataset,
            Examples train,
            TrainingFile trainingFile,
            Path cifarNFile,
            long seed,
            boolean dryRun) {
        String text = argument.strip();
        int colon = text.indexOf(':');
        String kind = (colon < 0 ? text : text.substring(0, colon)).toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        try {
            if (kind.equals("none") || kind.equals("clean")) {
                return dryRun ? null : generated(SymmetricNoise.paperProtocol(0), train, seed);
            }
            if (kind.equals("cifarn")) {
                if (!(dataset instanceof DataSource.BuiltIn b && b.dataset().isCifar())) {
                    throw new IllegalArgumentException(
                            "--noise cifarn:" + value + " needs --dataset cifar10 or cifar100");
                }
                if (cifarNFile == null && !dryRun) {
                    throw new IllegalArgumentException("--noise cifarn:" + value
                            + " needs --cifarn-file pointing at CIFAR-10_human.pt / CIFAR-100_human.pt");
                }
                if (dryRun) {
                    return null;
                }
                NoisyLabels labels = trainingFile == null
                        ? CifarNLabels.read(cifarNFile, value, train.labels(), train.numClasses())
                        : kept(
                                CifarNLabels.read(cifarNFile, value, trainingFile.labels(), train.numClasses()),
                                trainingFile);
                return new Outcome(labels, NoiseManifest.imported(cifarNFile + " " + value, labels));
            }
            if (kind.equals("file")) {
                if (dryRun) {
                    return null;
                }
                Path file = Path.of(value);
                int[] noisy = labelFile(file, train, trainingFile);
                NoisyLabels labels = new NoisyLabels(noisy, train.labels(), train.numClasses());
                return new Outcome(labels, NoiseManifest.imported(file.toString(), labels));
            }
            double rate = rate(argument, value);
            NoiseSpec spec =
                    switch (kind) {
                        case "symmetric" -> SymmetricNoise.paperProtocol(rate);
                        case "symmetric-bernoulli" -> SymmetricNoise.coTeaching(rate);
                        case "symmetric-inclusive" -> SymmetricNoise.divideMix(rate);
                        case "asymmetric" -> {
                            if (!(dataset instanceof DataSource.BuiltIn b)) {
                                throw new IllegalArgumentException("--noise " + argument + " needs the literature's "
                                        + "class map of a built-in dataset; on your own data use pairflip:γ (each "
                                        + "class to the next) or file:PATH (labels you made)");
                            }
                            yield new AsymmetricNoise(rate, b.dataset().asymmetricMapping(), Selection.EXACT_FRACTION);
                        }
                        case "pairflip" -> new PairFlipNoise(rate, Selection.EXACT_FRACTION);
                        case "idn" -> new InstanceDependentNoise(
                                rate,
                                InstanceDependentNoise.DEFAULT_STD,
                                train == null ? InstanceDependentNoise.PIXEL_SCALE : train.noiseFeatureScale());
                        default -> throw new IllegalArgumentException(
                                "unknown noise kind '" + kind + "' in --noise " + argument
                                        + "; use none, symmetric:γ, symmetric-bernoulli:γ, symmetric-inclusive:γ, asymmetric:γ, "
                                        + "pairflip:γ, idn:γ, cifarn:KEY or file:PATH");
                    };
            return dryRun ? null : generated(spec, train, seed);
        } catch (IOException e) {
            throw new IllegalArgumentException("--noise " + argument + ": " + e.getMessage(), e);
        }
    }

    /** A label file's labels for the run's examples: it holds one per example of the whole training set. */
    private static int[] labelFile(Path file, Examples train, TrainingFile trainingFile) throws IOException {
        int[] labels = LabelArrays.read(file);
        int expected = trainingFile == null ? train.size() : trainingFile.labels().length;
        if (labels.length != expected) {
            throw new IllegalArgumentException(
                    trainingFile == null
                            ? file + " holds " + labels.length + " labels but the training data has " + expected
                                    + " examples: a label file gives one label per training example, in the data's order"
                            : file + " holds " + labels.length + " labels but the whole " + trainingFile.name()
                                    + " training set has " + expected
                                    + ": a label file gives one label per example of the "
                                    + "whole training set, in file order (--train-size then picks the examples trained on)");
        }
        LabelArrays.checkClasses(file, labels, train.numClasses());
        return trainingFile == null ? labels : trainingFile.keep(labels);
    }

    private static NoisyLabels kept(NoisyLabels whole, TrainingFile trainingFile) {
        return new NoisyLabels(trainingFile.keep(whole.noisy()), trainingFile.keep(whole.clean()), whole.numClasses());
    }

    private static double rate(String argument, String value) {
        double rate;
        try {
            rate = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--noise " + argument + ": '" + value + "' is not a noise rate; write e.g. " + "symmetric:0.4", e);
        }
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(
                    "--noise " + argument + ": rate " + rate + " is impossible; use a rate in [0, 1)");
        }
        return rate;
    }

    private static Outcome generated(NoiseSpec spec, Examples train, long seed) {
        boolean features = spec instanceof InstanceDependentNoise;
        NoisyLabels labels = spec.apply(train.noiseInput(features), seed);
        return new Outcome(labels, NoiseManifest.generated(spec, seed, labels));
    }
}

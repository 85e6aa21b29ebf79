package org.dl4jsam.experiments.data;

import java.util.List;
import java.util.function.Supplier;
import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Labelled examples ready to train on: normalized features {@code [N, C, H, W]} (images) or {@code [N, F]}
 * (tables), held in memory or read from disk per minibatch, integer labels, the class names in index order and an identity per example
 * (a file path relative to the data folder, or a CSV line number) for reports and trusted-label files.
 *
 * @param name where the examples came from, for messages
 * @param features normalized features, one row per example
 * @param labels N labels in [0, numClasses), as given by the data
 * @param classNames the class of each index
 * @param ids one identity per example
 * @param coarseLabels CIFAR-100's superclasses, or null
 * @param noiseFeatures the unnormalized features instance-dependent noise reads ([N, D]), made on demand
 * @param noiseFeatureScale the factor instance-dependent noise applies to them (1/255 for pixels)
 */
public record Examples(
        String name,
        ExampleFeatures features,
        int[] labels,
        List<String> classNames,
        List<String> ids,
        int[] coarseLabels,
        Supplier<INDArray> noiseFeatures,
        double noiseFeatureScale) {

    /**
     * Validates the components.
     *
     * @param name where the examples came from, for messages
     * @param features normalized features, one row per example
     * @param labels N labels in [0, numClasses), as given by the data
     * @param classNames the class of each index
     * @param ids one identity per example
     * @param coarseLabels CIFAR-100's superclasses, or null
     * @param noiseFeatures the unnormalized features instance-dependent noise reads, made on demand
     * @param noiseFeatureScale the factor instance-dependent noise applies to them
     */
    public Examples {
        if (features.size() != labels.length || ids.size() != labels.length) {
            throw new IllegalArgumentException(name + ": " + features.size() + " feature rows, " + labels.length
                    + " labels and " + ids.size() + " example ids");
        }
        classNames = List.copyOf(classNames);
        ids = List.copyOf(ids);
    }

    /** @return the number of examples */
    public int size() {
        return labels.length;
    }

    /** @return the number of classes */
    public int numClasses() {
        return classNames.size();
    }

    /** @return whether the features are images {@code [N, C, H, W]} */
    public boolean isImage() {
        return features.exampleShape().length == 3;
    }

    /** @return the shape of one example: {@code [C, H, W]} or {@code [F]} */
    public long[] exampleShape() {
        return features.exampleShape();
    }

    /** @return the shape of one example as text, e.g. {@code 3×32×32} or {@code 12 features} */
    public String describeShape() {
        long[] shape = exampleShape();
        return isImage()
                ? shape[0] + "×" + shape[1] + "×" + shape[2]
                : shape[0] + " feature" + (shape[0] == 1 ? "" : "s");
    }

    /**
     * @param indices example indices
     * @return those examples, in that order (features copied)
     */
    public Examples subset(int[] indices) {
        int[] subLabels = new int[indices.length];
        int[] subCoarse = coarseLabels == null ? null : new int[indices.length];
        String[] subIds = new String[indices.length];
        for (int k = 0; k < indices.length; k++) {
            subLabels[k] = labels[indices[k]];
            subIds[k] = ids.get(indices[k]);
            if (subCoarse != null) {
                subCoarse[k] = coarseLabels[indices[k]];
            }
        }
        Supplier<INDArray> all = noiseFeatures;
        return new Examples(
                name,
                features.select(indices),
                subLabels,
                classNames,
                List.of(subIds),
                subCoarse,
                () -> ExampleFeatures.of(all.get()).rows(indices),
                noiseFeatureScale);
    }

    /** @return these examples with each flattened to one row of {@code C·H·W} values */
    public Examples flattened() {
        return withFeatures(new FlattenedFeatures(features));
    }

    /** @return these images fed channels last, {@code [n, H, W, C]} */
    public Examples channelsLast() {
        return withFeatures(new ChannelsLastFeatures(features));
    }

    /**
     * @param other the same examples' features, fetched another way
     * @return these examples with those features
     */
    public Examples withFeatures(ExampleFeatures other) {
        return new Examples(name, other, labels, classNames, ids, coarseLabels, noiseFeatures, noiseFeatureScale);
    }

    /**
     * @param more examples of the same classes and layout
     * @return these examples followed by {@code more} (example i of {@code more} becomes {@code size() + i})
     */
    public Examples concat(Examples more) {
        if (!more.classNames.equals(classNames)) {
            throw new IllegalArgumentException(name + " and " + more.name + " have different classes");
        }
        int[] joined = java.util.Arrays.copyOf(labels, labels.length + more.labels.length);
        System.arraycopy(more.labels, 0, joined, labels.length, more.labels.length);
        List<String> allIds = new java.util.ArrayList<>(ids);
        allIds.addAll(more.ids);
        Supplier<INDArray> first = noiseFeatures;
        Supplier<INDArray> second = more.noiseFeatures;
        return new Examples(
                name,
                concat(features, more.features),
                joined,
                classNames,
                allIds,
                null,
                () -> org.nd4j.linalg.factory.Nd4j.concat(0, first.get(), second.get()),
                noiseFeatureScale);
    }

    private static ExampleFeatures concat(ExampleFeatures a, ExampleFeatures b) {
        if (a instanceof ExampleFeatures.InMemory x && b instanceof ExampleFeatures.InMemory y) {
            return ExampleFeatures.of(org.nd4j.linalg.factory.Nd4j.concat(0, x.features(), y.features()));
        }
        if (a instanceof ImageFiles x && b instanceof ImageFiles y) {
            List<java.nio.file.Path> files = new java.util.ArrayList<>(x.files());
            files.addAll(y.files());
            return new ImageFiles(files, x.height(), x.width(), x.channels(), x.normalization());
        }
        if (a instanceof FlattenedFeatures x && b instanceof FlattenedFeatures y) {
            return new FlattenedFeatures(concat(x.source(), y.source()));
        }
        if (a instanceof ChannelsLastFeatures x && b instanceof ChannelsLastFeatures y) {
            return new ChannelsLastFeatures(concat(x.source(), y.source()));
        }
        throw new IllegalArgumentException("cannot join " + a.getClass().getSimpleName() + " and "
                + b.getClass().getSimpleName());
    }

    /**
     * @param other a name
     * @return these examples under that name
     */
    public Examples withName(String other) {
        return new Examples(other, features, labels, classNames, ids, coarseLabels, noiseFeatures, noiseFeatureScale);
    }

    /**
     * @param withFeatures whether instance-dependent noise needs the features
     * @return the noise models' view of these examples
     */
    public NoiseInput noiseInput(boolean withFeatures) {
        return new NoiseInput(labels, numClasses(), coarseLabels, withFeatures ? noiseFeatures.get() : null);
    }
}

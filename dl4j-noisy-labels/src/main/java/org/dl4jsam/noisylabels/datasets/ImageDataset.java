package org.dl4jsam.noisylabels.datasets;

import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.dl4j.ImageNormalization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An in-memory image dataset in canonical file order: 8-bit pixels, example-major, each example
 * {@code channels × height × width}; integer labels; CIFAR-100's coarse labels when read.
 *
 * @param name dataset name, for messages and manifests
 * @param pixels {@code N·C·H·W} raw pixel bytes (unsigned)
 * @param labels N labels in [0, numClasses)
 * @param coarseLabels N coarse labels, or null
 * @param channels C
 * @param height H
 * @param width W
 * @param numClasses number of classes
 */
public record ImageDataset(
        String name,
        byte[] pixels,
        int[] labels,
        int[] coarseLabels,
        int channels,
        int height,
        int width,
        int numClasses) {

    /**
     * Validates the components.
     *
     * @param name dataset name, for messages and manifests
     * @param pixels {@code N·C·H·W} raw pixel bytes (unsigned)
     * @param labels N labels in [0, numClasses)
     * @param coarseLabels N coarse labels, or null
     * @param channels C
     * @param height H
     * @param width W
     * @param numClasses number of classes
     */
    public ImageDataset {
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for " + labels.length
                    + " examples of " + channels + "×" + height + "×" + width);
        }
        if (coarseLabels != null && coarseLabels.length != labels.length) {
            throw new IllegalArgumentException(name + ": coarse and fine label counts differ");
        }
    }

    /** @return the number of examples */
    public int size() {
        return labels.length;
    }

    /** @return values per example, {@code C·H·W} */
    public int featureLength() {
        return channels * height * width;
    }

    /**
     * @param indices example indices
     * @return the examples at {@code indices}, in that order (a copy)
     */
    public ImageDataset subset(int[] indices) {
        int length = featureLength();
        byte[] out = new byte[indices.length * length];
        int[] outLabels = new int[indices.length];
        int[] outCoarse = coarseLabels == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * length, out, k * length, length);
            outLabels[k] = labels[indices[k]];
            if (outCoarse != null) {
                outCoarse[k] = coarseLabels[indices[k]];
            }
        }
        return new ImageDataset(name, out, outLabels, outCoarse, channels, height, width, numClasses);
    }

    /** @return raw pixel values 0–255 as a float array [N, C·H·W], e.g. for instance-dependent noise */
    public INDArray rawFeatures() {
        float[] values = new float[pixels.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = pixels[i] & 0xff;
        }
        return Nd4j.create(values, new long[] {size(), featureLength()}, 'c');
    }

    /**
     * @param normalization the pixel scaling
     * @return features [N, C, H, W] normalized as given
     */
    public INDArray features(ImageNormalization normalization) {
        return normalization.apply(rawFeatures().reshape(size(), channels, height, width));
    }

    /**
     * @param withFeatures whether to include the raw features (instance-dependent noise needs them)
     * @return the noise model's view of this dataset (labels, coarse labels and raw features)
     */
    public NoiseInput noiseInput(boolean withFeatures) {
        return new NoiseInput(labels, numClasses, coarseLabels, withFeatures ? rawFeatures() : null);
    }
}

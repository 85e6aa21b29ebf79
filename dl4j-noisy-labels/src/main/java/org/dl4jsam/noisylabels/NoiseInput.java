package org.dl4jsam.noisylabels;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a noise model may look at: the clean labels (by example index), the number of classes, and —
 * for the models that need them — CIFAR-100 coarse labels and the flattened features.
 *
 * @param clean clean labels, index i is example i
 * @param numClasses C
 * @param coarse coarse labels (CIFAR-100 superclasses) or null
 * @param features features [N, D] in the scaling the noise model documents, or null
 */
public record NoiseInput(int[] clean, int numClasses, int[] coarse, INDArray features) {
    /**
     * Validates the components.
     *
     * @param clean clean labels, index i is example i
     * @param numClasses C
     * @param coarse coarse labels (CIFAR-100 superclasses) or null
     * @param features features [N, D] in the scaling the noise model documents, or null
     */
    public NoiseInput {
        if (clean == null || clean.length == 0) {
            throw new IllegalArgumentException("NoiseInput: clean labels must be a non-empty array");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException(
                    "NoiseInput: numClasses = " + numClasses + " is invalid; it must be ≥ 2");
        }
        for (int i = 0; i < clean.length; i++) {
            if (clean[i] < 0 || clean[i] >= numClasses) {
                throw new IllegalArgumentException("NoiseInput: clean label " + clean[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        if (coarse != null && coarse.length != clean.length) {
            throw new IllegalArgumentException(
                    "NoiseInput: " + coarse.length + " coarse labels for " + clean.length + " examples");
        }
        if (features != null && features.size(0) != clean.length) {
            throw new IllegalArgumentException(
                    "NoiseInput: features have " + features.size(0) + " rows for " + clean.length + " examples");
        }
    }

    /**
     * Labels only.
     *
     * @param clean the clean labels
     * @param numClasses C
     * @return the input
     */
    public static NoiseInput of(int[] clean, int numClasses) {
        return new NoiseInput(clean, numClasses, null, null);
    }

    /** @return the number of examples */
    public int size() {
        return clean.length;
    }
}

package org.dl4jsam.noisylabels;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Noise from a user-given transition matrix {@code T[y][ỹ] = P(ỹ | y)}: each example's noisy
 * label is drawn independently from the row of its clean label.
 *
 * @param matrix a C×C row-stochastic matrix
 */
public record TransitionMatrixNoise(double[][] matrix) implements NoiseSpec {
    private static final double TOLERANCE = 1e-9;

    /** @param matrix a C×C row-stochastic matrix */
    @JsonCreator
    public TransitionMatrixNoise(@JsonProperty("matrix") double[][] matrix) {
        if (matrix == null || matrix.length < 2) {
            throw new IllegalArgumentException("transition-matrix noise: the matrix must be C×C with C ≥ 2");
        }
        double[][] copy = new double[matrix.length][];
        for (int y = 0; y < matrix.length; y++) {
            if (matrix[y] == null || matrix[y].length != matrix.length) {
                throw new IllegalArgumentException("transition-matrix noise: row " + y + " must have " + matrix.length
                        + " entries (the matrix must be square)");
            }
            double sum = 0;
            for (double p : matrix[y]) {
                if (!(p >= 0)) {
                    throw new IllegalArgumentException("transition-matrix noise: row " + y + " has entry " + p
                            + "; entries must be probabilities ≥ 0");
                }
                sum += p;
            }
            if (Math.abs(sum - 1.0) > TOLERANCE) {
                throw new IllegalArgumentException(
                        "transition-matrix noise: row " + y + " sums to " + sum + "; every row must sum to 1");
            }
            copy[y] = matrix[y].clone();
        }
        this.matrix = copy;
    }

    /** @return a copy of the C×C row-stochastic matrix */
    @Override
    public double[][] matrix() {
        double[][] copy = new double[matrix.length][];
        for (int y = 0; y < matrix.length; y++) {
            copy[y] = matrix[y].clone();
        }
        return copy;
    }

    @Override
    public double rate() {
        double offDiagonal = 0;
        for (int y = 0; y < matrix.length; y++) {
            offDiagonal += 1.0 - matrix[y][y];
        }
        return offDiagonal / matrix.length;
    }

    @Override
    public NoisyLabels apply(NoiseInput input, long seed) {
        if (input.numClasses() != matrix.length) {
            throw new IllegalArgumentException("transition-matrix noise: the matrix is " + matrix.length + "×"
                    + matrix.length + " but the data has " + input.numClasses() + " classes");
        }
        int[] clean = input.clean();
        int[] noisy = new int[clean.length];
        for (int i = 0; i < clean.length; i++) {
            noisy[i] = Categorical.draw(matrix[clean[i]], CounterRandom.uniform(seed, NoiseStreams.LABEL, i, 0));
        }
        return new NoisyLabels(noisy, clean, input.numClasses());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransitionMatrixNoise other && java.util.Arrays.deepEquals(matrix, other.matrix);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(matrix);
    }

    @Override
    public String toString() {
        return "TransitionMatrixNoise" + java.util.Arrays.deepToString(matrix);
    }
}

package org.dl4jsam.experiments.linear;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One draw of the linear problem: {@code x ~ N(y·μ, σ²I)} in d dimensions, {@code μ = e₁}, {@code y = ±1} with
 * equal probability; a fraction of the training labels is redrawn uniformly (so about half of those flip), the
 * test labels are clean. Labels are stored as 0/1 for DL4J's sigmoid cross entropy.
 *
 * @param trainFeatures [n, d]
 * @param noisyLabels [n, 1] in {0, 1}, as trained on
 * @param cleanLabels [n, 1] in {0, 1}
 * @param testFeatures [m, d]
 * @param testLabels [m, 1] in {0, 1}
 */
public record LinearProblem(
        INDArray trainFeatures,
        INDArray noisyLabels,
        INDArray cleanLabels,
        INDArray testFeatures,
        INDArray testLabels) {

    /**
     * @param seed the draw
     * @param dimension d
     * @param train n
     * @param test m
     * @param sigma σ
     * @param redrawn fraction of training labels redrawn uniformly
     * @return the problem
     */
    public static LinearProblem draw(long seed, int dimension, int train, int test, double sigma, double redrawn) {
        if (dimension < 1 || train < 1 || test < 1 || !(sigma > 0) || !(redrawn >= 0 && redrawn <= 1)) {
            throw new IllegalArgumentException("linear problem: d, n and the test size must be ≥ 1, σ > 0 and the "
                    + "redrawn fraction in [0, 1]");
        }
        Random random = new Random(seed);
        INDArray[] trainSet = sample(random, dimension, train, sigma);
        INDArray noisy = trainSet[1].dup();
        for (int i = 0; i < train; i++) {
            if (random.nextDouble() < redrawn) {
                noisy.putScalar(i, 0, random.nextBoolean() ? 1 : 0);
            }
        }
        INDArray[] testSet = sample(random, dimension, test, sigma);
        return new LinearProblem(trainSet[0], noisy, trainSet[1], testSet[0], testSet[1]);
    }

    private static INDArray[] sample(Random random, int dimension, int n, double sigma) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, n, dimension);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 1);
        for (int i = 0; i < n; i++) {
            boolean positive = random.nextBoolean();
            y.putScalar(i, 0, positive ? 1 : 0);
            for (int j = 0; j < dimension; j++) {
                x.putScalar(i, j, sigma * random.nextGaussian() + (j == 0 ? (positive ? 1 : -1) : 0));
            }
        }
        return new INDArray[] {x, y};
    }

    /** @return the correlation of the noisy with the clean training labels (as ±1); ≤ 0: no class signal left */
    public double labelCorrelation() {
        INDArray a = noisyLabels.mul(2).subi(1);
        INDArray b = cleanLabels.mul(2).subi(1);
        return a.mul(b).meanNumber().doubleValue();
    }
}

package org.dl4jsam.noisylabels.dl4j;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The features of N examples, fetched by row index: held in memory, or read on demand (image files decoded
 * per minibatch) so that training and evaluation never need every example at once. {@link NoisyLabelIterator}
 * and {@code MemorizationEvaluator} read their examples through it.
 */
public interface ExampleFeatures {
    /** @return N, the number of examples */
    int size();

    /** @return the shape of one example, e.g. {@code [C, H, W]} or {@code [F]} */
    long[] exampleShape();

    /**
     * @param indices example indices in [0, N)
     * @return their features {@code [indices.length, …exampleShape]}, a new array the caller may modify
     */
    INDArray rows(int[] indices);

    /**
     * @param indices example indices
     * @return those examples as a new source, in that order (an in-memory source copies them)
     */
    default ExampleFeatures select(int[] indices) {
        return of(rows(indices));
    }

    /**
     * @param features {@code [N, …]}, example i in row i (not copied)
     * @return the features, in memory
     */
    static ExampleFeatures of(INDArray features) {
        return new InMemory(features);
    }

    /**
     * Features held in one array.
     *
     * @param features {@code [N, …]}
     */
    record InMemory(INDArray features) implements ExampleFeatures {
        @Override
        public int size() {
            return (int) features.size(0);
        }

        @Override
        public long[] exampleShape() {
            return Arrays.copyOfRange(features.shape(), 1, features.rank());
        }

        @Override
        public INDArray rows(int[] indices) {
            long[] shape = exampleShape();
            long[] out = new long[shape.length + 1];
            out[0] = indices.length;
            System.arraycopy(shape, 0, out, 1, shape.length);
            return Nd4j.pullRows(features.reshape('c', features.size(0), -1), 1, indices)
                    .reshape('c', out);
        }
    }
}

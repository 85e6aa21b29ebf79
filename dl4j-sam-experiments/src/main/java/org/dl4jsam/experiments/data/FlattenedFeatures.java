package org.dl4jsam.experiments.data;

import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Examples of any shape fetched as flat rows {@code [n, C·H·W]}, for a model built for flattened images
 * ({@code InputType.convolutionalFlat} or {@code feedForward}).
 *
 * @param source the examples
 */
record FlattenedFeatures(ExampleFeatures source) implements ExampleFeatures {
    @Override
    public int size() {
        return source.size();
    }

    @Override
    public long[] exampleShape() {
        long length = 1;
        for (long d : source.exampleShape()) {
            length *= d;
        }
        return new long[] {length};
    }

    @Override
    public INDArray rows(int[] indices) {
        return source.rows(indices).reshape('c', indices.length, exampleShape()[0]);
    }

    @Override
    public ExampleFeatures select(int[] indices) {
        return new FlattenedFeatures(source.select(indices));
    }
}

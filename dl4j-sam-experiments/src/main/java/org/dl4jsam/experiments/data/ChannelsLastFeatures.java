package org.dl4jsam.experiments.data;

import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images fetched channels last, {@code [n, H, W, C]}, for a model imported from Keras' TensorFlow layout.
 *
 * @param source the images, {@code [n, C, H, W]}
 */
record ChannelsLastFeatures(ExampleFeatures source) implements ExampleFeatures {
    @Override
    public int size() {
        return source.size();
    }

    @Override
    public long[] exampleShape() {
        long[] chw = source.exampleShape();
        return new long[] {chw[1], chw[2], chw[0]};
    }

    @Override
    public INDArray rows(int[] indices) {
        return source.rows(indices).permute(0, 2, 3, 1).dup('c');
    }

    @Override
    public ExampleFeatures select(int[] indices) {
        return new ChannelsLastFeatures(source.select(indices));
    }
}

package org.dl4jsam.experiments.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.datavec.image.loader.NativeImageLoader;
import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Image files decoded when their rows are asked for (DataVec's {@link NativeImageLoader}, as
 * {@code ImageRecordReader} decodes them), scaled to x/255 and normalized: a folder larger than memory is read
 * from disk every minibatch instead of being held. The values equal those of the in-memory path.
 *
 * @param files the images, example i in file i
 * @param height the height they are read at
 * @param width the width
 * @param channels the channels
 * @param normalization applied after x/255 (not {@code auto})
 */
record ImageFiles(List<Path> files, int height, int width, int channels, Normalization normalization)
        implements ExampleFeatures {
    ImageFiles {
        files = List.copyOf(files);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public long[] exampleShape() {
        return new long[] {channels, height, width};
    }

    @Override
    public INDArray rows(int[] indices) {
        NativeImageLoader loader = new NativeImageLoader(height, width, channels);
        INDArray out = Nd4j.create(DataType.FLOAT, indices.length, channels, height, width);
        for (int k = 0; k < indices.length; k++) {
            Path file = files.get(indices[k]);
            try {
                INDArray image = loader.asMatrix(file.toFile());
                out.get(NDArrayIndex.point(k)).assign(image.reshape(channels, height, width));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        file + " can no longer be decoded (" + e.getMessage()
                                + "); it changed after the run checked it — restore it and resume the run",
                        e);
            }
        }
        out.divi(255.0);
        return normalization.apply(out);
    }

    @Override
    public ExampleFeatures select(int[] indices) {
        Path[] chosen = new Path[indices.length];
        for (int k = 0; k < indices.length; k++) {
            chosen[k] = files.get(indices[k]);
        }
        return new ImageFiles(List.of(chosen), height, width, channels, normalization);
    }
}

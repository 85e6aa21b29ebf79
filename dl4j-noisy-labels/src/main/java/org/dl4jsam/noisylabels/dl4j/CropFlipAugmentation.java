package org.dl4jsam.noisylabels.dl4j;

import org.dl4jsam.noisylabels.CounterRandom;
import org.dl4jsam.noisylabels.NoiseStreams;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The standard CIFAR augmentation: random crop of the zero-padded image (padding 4) and random
 * horizontal flip. Each example's shift and flip are a pure function of (seed, example index,
 * epoch), so an interrupted and resumed run sees the same augmented data.
 *
 * @param padding zero padding on each side, ≥ 0
 * @param flip whether to flip horizontally with probability ½
 */
public record CropFlipAugmentation(int padding, boolean flip) implements java.io.Serializable {
    /** The CIFAR standard: padding 4 and horizontal flips. */
    public static final CropFlipAugmentation STANDARD = new CropFlipAugmentation(4, true);

    /**
     * Validates the components.
     *
     * @param padding zero padding on each side, ≥ 0
     * @param flip whether to flip horizontally with probability ½
     */
    public CropFlipAugmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("augmentation padding " + padding + " is invalid; it must be ≥ 0");
        }
    }

    /**
     * Augmented copy of a batch whose rows are the given examples.
     *
     * @param batch features [B, C, H, W]
     * @param exampleIndices the example index of each row
     * @param seed the run's seed
     * @param epoch the epoch (a new crop and flip per epoch)
     * @return the augmented copy
     */
    public INDArray apply(INDArray batch, int[] exampleIndices, long seed, int epoch) {
        int b = (int) batch.size(0);
        int c = (int) batch.size(1);
        int h = (int) batch.size(2);
        int w = (int) batch.size(3);
        float[] in = batch.dup('c').data().asFloat();
        float[] out = new float[in.length];
        int span = 2 * padding + 1;
        for (int k = 0; k < b; k++) {
            long index = exampleIndices[k];
            int dy = CounterRandom.below(span, seed, NoiseStreams.AUGMENT, index, 3L * epoch) - padding;
            int dx = CounterRandom.below(span, seed, NoiseStreams.AUGMENT, index, 3L * epoch + 1) - padding;
            boolean mirror = flip && CounterRandom.uniform(seed, NoiseStreams.AUGMENT, index, 3L * epoch + 2) < 0.5;
            for (int ch = 0; ch < c; ch++) {
                int base = (k * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    if (sy < 0 || sy >= h) {
                        continue; // zero padding
                    }
                    for (int x = 0; x < w; x++) {
                        int sx = (mirror ? w - 1 - x : x) + dx;
                        if (sx >= 0 && sx < w) {
                            out[base + y * w + x] = in[base + sy * w + sx];
                        }
                    }
                }
            }
        }
        return Nd4j.create(out, batch.shape(), 'c').castTo(batch.dataType());
    }
}

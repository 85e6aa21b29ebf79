package org.dl4jsam.noisylabels.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pixel scaling: {@code x/255}, then optionally per-channel standardization {@code (x − mean_c)/std_c}
 * (in [0, 1] units), the torchvision {@code ToTensor} + {@code Normalize} pair.
 *
 * @param mean per-channel means in [0, 1] units, or null for none
 * @param std per-channel standard deviations, or null for none
 */
public record ImageNormalization(double[] mean, double[] std) {
    /** {@code x/255} only. */
    public static final ImageNormalization UNIT = new ImageNormalization(null, null);
    /** The usual CIFAR-10 channel statistics. */
    public static final ImageNormalization CIFAR10 =
            new ImageNormalization(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});
    /** The usual CIFAR-100 channel statistics. */
    public static final ImageNormalization CIFAR100 =
            new ImageNormalization(new double[] {0.5071, 0.4865, 0.4409}, new double[] {0.2673, 0.2564, 0.2762});
    /** Fashion-MNIST's training-set statistics. */
    public static final ImageNormalization FASHION_MNIST =
            new ImageNormalization(new double[] {0.2860}, new double[] {0.3530});

    /**
     * Validates the components.
     *
     * @param mean per-channel means in [0, 1] units, or null for none
     * @param std per-channel standard deviations, or null for none
     */
    public ImageNormalization {
        if ((mean == null) != (std == null) || (mean != null && mean.length != std.length)) {
            throw new IllegalArgumentException("ImageNormalization: mean and std must both be given, one per channel");
        }
        if (std != null) {
            for (double s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("ImageNormalization: std must be > 0, got " + s);
                }
            }
        }
    }

    /**
     * Normalize raw 0–255 features [N, C, H, W] in place.
     *
     * @param raw the features
     * @return {@code raw}, normalized
     */
    public INDArray apply(INDArray raw) {
        raw.divi(255.0);
        if (mean != null) {
            if (raw.size(1) != mean.length) {
                throw new IllegalArgumentException(
                        "ImageNormalization has " + mean.length + " channels, the images " + raw.size(1));
            }
            INDArray m = Nd4j.createFromArray(mean).castTo(raw.dataType()).reshape(1, mean.length, 1, 1);
            INDArray s = Nd4j.createFromArray(std).castTo(raw.dataType()).reshape(1, std.length, 1, 1);
            raw.subi(m).divi(s);
        }
        return raw;
    }
}

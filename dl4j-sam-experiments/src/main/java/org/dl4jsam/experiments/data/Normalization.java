package org.dl4jsam.experiments.data;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code --normalization} of a user's data: {@code auto} (mean and population standard deviation per
 * image channel, or per CSV feature, of the training split; a constant feature keeps scale 1), {@code none}
 * (pixels / 255, CSV values as written) or explicit {@code MEAN,…/STD,…}.
 *
 * @param mean per channel / feature, or null for {@code auto} and {@code none}
 * @param std per channel / feature, or null for {@code auto} and {@code none}
 * @param auto whether the statistics come from the training split
 */
public record Normalization(double[] mean, double[] std, boolean auto) {
    /**
     * @param text {@code auto}, {@code none} or {@code MEAN,…/STD,…}
     * @return the normalization
     * @throws IllegalArgumentException with the accepted forms
     */
    public static Normalization parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return new Normalization(null, null, true);
        }
        if (value.equals("none")) {
            return new Normalization(null, null, false);
        }
        String[] parts = value.split("/");
        try {
            if (parts.length == 2) {
                double[] mean = numbers(parts[0]);
                double[] std = numbers(parts[1]);
                if (mean.length == std.length && Arrays.stream(std).allMatch(s -> s > 0 && Double.isFinite(s))) {
                    return new Normalization(mean, std, false);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--normalization " + text + " is invalid; use auto (from the training "
                + "split), none, or MEAN,…/STD,… with one positive std per mean, e.g. 0.5,0.5,0.5/0.25,0.25,0.25");
    }

    private static double[] numbers(String list) {
        return Arrays.stream(list.split(","))
                .mapToDouble(s -> Double.parseDouble(s.strip()))
                .toArray();
    }

    /**
     * @param train the training split's features, {@code [N, C, H, W]} in [0, 1] pixel units or {@code [N, F]}
     * @return this normalization with {@code auto} replaced by the training split's statistics
     */
    public Normalization resolve(INDArray train) {
        if (!auto) {
            return this;
        }
        int[] reduce = train.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
        INDArray stats = train.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        double[] m = stats.mean(reduce).toDoubleVector();
        double[] s = stats.std(false, reduce).toDoubleVector();
        for (int k = 0; k < s.length; k++) {
            s[k] = s[k] > 1e-12 ? s[k] : 1.0; // a constant feature is only centred
        }
        return new Normalization(m, s, false);
    }

    /**
     * Normalizes features in place along dimension 1 (image channels or CSV features).
     *
     * @param features {@code [N, C, H, W]} in [0, 1] pixel units, or {@code [N, F]}
     * @return {@code features}
     * @throws IllegalStateException if this is still {@code auto} (call {@link #resolve} first)
     */
    public INDArray apply(INDArray features) {
        if (auto) {
            throw new IllegalStateException("resolve the auto normalization on the training split first");
        }
        if (mean == null) {
            return features;
        }
        long width = features.size(1);
        if (mean.length != width) {
            throw new IllegalArgumentException("--normalization gives " + mean.length + " means but the data has "
                    + width + (features.rank() == 4 ? " channels" : " features") + "; give one mean and std per "
                    + (features.rank() == 4 ? "channel" : "feature"));
        }
        long[] shape = features.rank() == 4 ? new long[] {1, width, 1, 1} : new long[] {1, width};
        return features.subi(
                        Nd4j.createFromArray(mean).castTo(features.dataType()).reshape(shape))
                .divi(Nd4j.createFromArray(std).castTo(features.dataType()).reshape(shape));
    }
}

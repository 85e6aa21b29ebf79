package org.dl4jsam.experiments.data;

import java.util.Arrays;
import java.util.Locale;
import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
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

    /** Rows per chunk when the statistics are accumulated. */
    private static final int CHUNK = 512;

    /**
     * @param train the training split, {@code [N, C, H, W]} in [0, 1] pixel units or {@code [N, F]}, read in chunks
     *     (the statistics of a streamed folder never need it all in memory)
     * @return this normalization with {@code auto} replaced by the training split's mean and population standard
     *     deviation per channel / feature (chunks combined in double as Chan et al.'s pairwise update)
     */
    public Normalization resolve(ExampleFeatures train) {
        if (!auto) {
            return this;
        }
        boolean image = train.exampleShape().length == 3;
        int width = (int) train.exampleShape()[0];
        int[] reduce = image ? new int[] {0, 2, 3} : new int[] {0};
        double count = 0;
        double[] m = new double[width];
        double[] m2 = new double[width];
        for (int start = 0; start < train.size(); start += CHUNK) {
            int[] rows = java.util.stream.IntStream.range(start, Math.min(train.size(), start + CHUNK))
                    .toArray();
            INDArray x = train.rows(rows).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            double n = x.length() / width;
            double[] mean = x.mean(reduce).toDoubleVector();
            long[] shape = image ? new long[] {1, width, 1, 1} : new long[] {1, width};
            INDArray centred = x.subi(Nd4j.createFromArray(mean).reshape(shape));
            double[] squares = centred.muli(centred).sum(reduce).toDoubleVector();
            for (int k = 0; k < width; k++) {
                double delta = mean[k] - m[k];
                double total = count + n;
                m[k] += delta * n / total;
                m2[k] += squares[k] + delta * delta * count * n / total;
            }
            count += n;
        }
        double[] s = new double[width];
        for (int k = 0; k < width; k++) {
            double std = Math.sqrt(m2[k] / count);
            s[k] = std > 1e-12 ? std : 1.0; // a constant feature is only centred
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

package org.dl4jsam.noisylabels;

/** The independent random streams label-noise generators, splits and augmentation draw from (their ids are part of every result's reproducibility). */
public final class NoiseStreams {
    /** Which examples are corrupted. */
    public static final long SELECTION = 1;
    /** The replacement label. */
    public static final long LABEL = 2;
    /** Instance-dependent noise: the per-example flip rate. */
    public static final long FLIP_RATE = 3;
    /** Instance-dependent noise: the random projection of the features. */
    public static final long PROJECTION = 4;
    /** The noisy validation split. */
    public static final long SPLIT = 5;
    /** The class-stratified training subset. */
    public static final long SUBSET = 6;
    /** Crop and flip augmentation. */
    public static final long AUGMENT = 7;
    /** The order of examples per epoch. */
    public static final long SHUFFLE = 8;

    private NoiseStreams() {}
}

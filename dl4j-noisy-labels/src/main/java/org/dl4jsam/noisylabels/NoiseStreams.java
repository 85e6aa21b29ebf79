package org.dl4jsam.noisylabels;

/** The independent random streams label-noise generators, splits and augmentation draw from (their ids are part of every result's reproducibility). */
public final class NoiseStreams {
    public static final long SELECTION = 1;
    public static final long LABEL = 2;
    public static final long FLIP_RATE = 3;
    public static final long PROJECTION = 4;
    public static final long SPLIT = 5;
    public static final long SUBSET = 6;
    public static final long AUGMENT = 7;
    public static final long SHUFFLE = 8;

    private NoiseStreams() {}
}

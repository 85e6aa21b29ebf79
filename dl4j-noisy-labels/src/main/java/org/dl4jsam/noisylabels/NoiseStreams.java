package org.dl4jsam.noisylabels;

/** The independent random streams label-noise generators draw from. */
final class NoiseStreams {
    static final long SELECTION = 1;
    static final long LABEL = 2;
    static final long FLIP_RATE = 3;
    static final long PROJECTION = 4;
    static final long SPLIT = 5;
    static final long SUBSET = 6;
    static final long AUGMENT = 7;
    static final long SHUFFLE = 8;

    private NoiseStreams() {}
}

package org.dl4jsam.noisylabels;

/** Inverse-CDF sampling from a discrete distribution with a given uniform draw. */
final class Categorical {
    private Categorical() {}

    /** The smallest k with {@code u < p[0] + … + p[k]} (the last positive entry if rounding leaves u above the sum). */
    static int draw(double[] probabilities, double u) {
        double cumulative = 0;
        int last = 0;
        for (int k = 0; k < probabilities.length; k++) {
            if (probabilities[k] > 0) {
                cumulative += probabilities[k];
                last = k;
                if (u < cumulative) {
                    return k;
                }
            }
        }
        return last;
    }
}

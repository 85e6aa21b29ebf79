/**
 * Label-noise models as the literature defines them (the sealed {@link
 * org.dl4jsam.noisylabels.NoiseSpec}: symmetric, asymmetric, pair-flip, transition-matrix,
 * instance-dependent), the corrupted labels with their clean originals ({@link
 * org.dl4jsam.noisylabels.NoisyLabels}), the manifest of what was done, and the seeded random
 * streams they draw from.
 */
package org.dl4jsam.noisylabels;

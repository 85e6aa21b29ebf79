package org.dl4jsam.zoo;

/**
 * PyramidNet (Han et al. 2017, dyhan0920/PyramidNet-PyTorch): widths grow by
 * {@code addrate = α/(3n)} per block from 16 ({@code n = (depth−2)/6} basic or
 * {@code (depth−2)/9} bottleneck blocks per stage); block k has {@code rint(16 + k·addrate)}
 * channels (×4 at a bottleneck's output). Basic block BN→conv3×3→BN→ReLU→conv3×3→BN; bottleneck
 * BN→conv1×1→BN→ReLU→conv3×3→BN→ReLU→conv1×1→BN; shortcut 2×2 average pooling when strided, then
 * zero channel padding; no ReLU after the addition; head BN-ReLU-GAP-FC. ShakeDrop adds no parameters.
 *
 * @param depth network depth
 * @param alpha widening α &gt; 0
 * @param bottleneck bottleneck blocks instead of basic ones
 */
public record PyramidNetSpec(int depth, double alpha, boolean bottleneck) {
    /**
     * Validates the spec.
     *
     * @param depth network depth
     * @param alpha widening α &gt; 0
     * @param bottleneck bottleneck blocks instead of basic ones
     */
    public PyramidNetSpec {
        int per = bottleneck ? 9 : 6;
        if (depth < per + 2 || (depth - 2) % per != 0) {
            throw new IllegalArgumentException("PyramidNet: depth " + depth + " is invalid for "
                    + (bottleneck ? "bottleneck" : "basic") + " blocks; it must be " + per + "n + 2");
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("PyramidNet: alpha " + alpha + " is invalid; it must be > 0");
        }
    }

    /** @return residual blocks in each of the three stages */
    public int blocksPerStage() {
        return (depth - 2) / (bottleneck ? 9 : 6);
    }
}

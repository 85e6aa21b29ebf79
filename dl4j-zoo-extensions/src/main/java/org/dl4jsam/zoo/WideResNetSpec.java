package org.dl4jsam.zoo;

/**
 * Wide ResNet WRN-depth-k (Zagoruyko &amp; Komodakis 2016): a 3×3/16 stem, three groups of
 * {@code n = (depth − 4)/6} pre-activation basic blocks of width 16k, 32k, 64k (strides 1, 2, 2;
 * 1×1 convolution shortcuts where the width changes; dropout between the two convolutions), then
 * BN-ReLU, global average pooling and a linear classifier.
 *
 * @param depth 6n + 4
 * @param widenFactor k ≥ 1
 * @param dropRate dropout probability in [0, 1)
 */
public record WideResNetSpec(int depth, int widenFactor, double dropRate) {
    /**
     * Validates the spec.
     *
     * @param depth 6n + 4
     * @param widenFactor k ≥ 1
     * @param dropRate dropout probability in [0, 1)
     */
    public WideResNetSpec {
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException(
                    "WideResNet: depth " + depth + " is invalid; it must be 6n + 4 " + "(10, 16, 22, 28, 40, …)");
        }
        if (widenFactor < 1) {
            throw new IllegalArgumentException(
                    "WideResNet: widenFactor " + widenFactor + " is invalid; it must be ≥ 1");
        }
        if (!(dropRate >= 0 && dropRate < 1)) {
            throw new IllegalArgumentException(
                    "WideResNet: dropRate " + dropRate + " is invalid; it must be in [0, 1)");
        }
    }

    /** @return n = (depth − 4) / 6, the blocks in each of the three groups */
    public int blocksPerGroup() {
        return (depth - 4) / 6;
    }
}

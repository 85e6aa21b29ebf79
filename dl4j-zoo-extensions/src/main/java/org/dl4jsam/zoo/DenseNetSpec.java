package org.dl4jsam.zoo;

/**
 * DenseNet-BC for CIFAR (Huang et al. 2017, as kuangliu/pytorch-cifar's {@code DenseNet121}): a
 * 3×3 stem of {@code 2·growthRate} channels, dense blocks of bottleneck layers
 * (BN-ReLU-conv1×1(4k)-BN-ReLU-conv3×3(k), concatenated in front of their input), transitions
 * BN-ReLU-conv1×1(⌊reduction·C⌋)-avgpool2, and a BN-ReLU-GAP-FC head.
 *
 * @param growthRate k ≥ 1
 * @param blocks layers per dense block
 * @param reduction transition compression in (0, 1]
 */
public record DenseNetSpec(int growthRate, int[] blocks, double reduction) {
    /** DenseNet-121: k = 32, blocks 6-12-24-16, compression 0.5. */
    public static final DenseNetSpec DENSENET_121 = new DenseNetSpec(32, new int[] {6, 12, 24, 16}, 0.5);

    /**
     * Validates the spec.
     *
     * @param growthRate k ≥ 1
     * @param blocks layers per dense block
     * @param reduction transition compression in (0, 1]
     */
    public DenseNetSpec {
        if (growthRate < 1
                || blocks == null
                || blocks.length == 0
                || java.util.Arrays.stream(blocks).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException(
                    "DenseNet: growthRate ≥ 1 and at least one block of ≥ 1 layers are required");
        }
        if (!(reduction > 0 && reduction <= 1)) {
            throw new IllegalArgumentException(
                    "DenseNet: reduction " + reduction + " is invalid; it must be in (0, 1]");
        }
        blocks = blocks.clone();
    }

    /** @return layers per dense block (a copy) */
    @Override
    public int[] blocks() {
        return blocks.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseNetSpec d
                && d.growthRate == growthRate
                && java.util.Arrays.equals(d.blocks, blocks)
                && Double.compare(d.reduction, reduction) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * growthRate + java.util.Arrays.hashCode(blocks);
    }
}

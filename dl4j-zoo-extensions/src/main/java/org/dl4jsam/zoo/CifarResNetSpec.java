package org.dl4jsam.zoo;

/**
 * The CIFAR ResNets of the SAM label-noise papers. {@link #PREACT_RESNET_18}: He et al. 2016's pre-activation
 * ResNet-18 as the label-noise literature trains it (DivideMix's {@code PreResNet18}): a 3×3/64 stem without BN,
 * pre-activation blocks, and BN-ReLU after the last block (kuangliu/pytorch-cifar's PreActResNet18 omits it and
 * diverges within a few dozen steps at lr 0.1, in PyTorch too). {@link #RESNET_18} and
 * {@link #RESNET_34}: kuangliu's CIFAR ResNets (3×3/64 stem with BN, no max-pool, 1×1 conv + BN
 * projection shortcuts). {@link #RESNET_32}: He et al. 2016's CIFAR ResNet (16/32/64 channels, n = 5)
 * with the parameter-free "option A" shortcut (stride-2 subsampling and zero channels on both sides).
 */
public enum CifarResNetSpec {
    /** PreAct ResNet-18 (He et al. 2016, identity mappings), as in SANER's CIFAR experiments. */
    PREACT_RESNET_18(new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512}, true, false),
    /** ResNet-18 for CIFAR (3×3 stem, no max-pooling). */
    RESNET_18(new int[] {2, 2, 2, 2}, new int[] {64, 128, 256, 512}, false, false),
    /** ResNet-34 for CIFAR (3×3 stem, no max-pooling). */
    RESNET_34(new int[] {3, 4, 6, 3}, new int[] {64, 128, 256, 512}, false, false),
    /** ResNet-32 of He et al. 2016 §4.2 (6n + 2, n = 5) with option-A shortcuts. */
    RESNET_32(new int[] {5, 5, 5}, new int[] {16, 32, 64}, false, true);

    private final int[] blocks;
    private final int[] widths;
    private final boolean preActivation;
    private final boolean zeroPadShortcut;

    CifarResNetSpec(int[] blocks, int[] widths, boolean preActivation, boolean zeroPadShortcut) {
        this.blocks = blocks;
        this.widths = widths;
        this.preActivation = preActivation;
        this.zeroPadShortcut = zeroPadShortcut;
    }

    /** @return residual blocks per stage */
    public int[] blocks() {
        return blocks.clone();
    }

    /** @return channels per stage */
    public int[] widths() {
        return widths.clone();
    }

    /** @return whether blocks are pre-activation (BN-ReLU before each convolution) */
    public boolean preActivation() {
        return preActivation;
    }

    /** @return whether downsampling shortcuts are parameter-free (stride-2 subsampling, zero channels) */
    public boolean zeroPadShortcut() {
        return zeroPadShortcut;
    }
}

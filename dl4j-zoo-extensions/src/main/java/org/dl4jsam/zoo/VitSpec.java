package org.dl4jsam.zoo;

/**
 * Vision Transformer (Dosovitskiy et al. 2021): patch embedding by a {@code patch × patch}
 * convolution with stride {@code patch}, class token and position embedding, {@code depth}
 * pre-norm blocks of width {@code dModel} with {@code heads} heads and MLP width {@code mlpDim},
 * final LayerNorm on the class token, linear classifier.
 *
 * @param imageSize square input size (the position embedding is sized for it)
 * @param patchSize patch size, dividing imageSize
 * @param dModel token width, divisible by heads
 * @param depth number of blocks
 * @param heads attention heads
 * @param mlpDim hidden width of the MLP
 */
public record VitSpec(int imageSize, int patchSize, int dModel, int depth, int heads, int mlpDim) {
    /**
     * Validates the spec.
     *
     * @param imageSize square input size (the position embedding is sized for it)
     * @param patchSize patch size, dividing imageSize
     * @param dModel token width, divisible by heads
     * @param depth number of blocks
     * @param heads attention heads
     * @param mlpDim hidden width of the MLP
     */
    public VitSpec {
        if (imageSize < 1 || patchSize < 1 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException(
                    "ViT: patch size " + patchSize + " does not divide the image size " + imageSize);
        }
        if (dModel < 1 || heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException(
                    "ViT: dModel " + dModel + " must be positive and divisible by heads " + heads);
        }
        if (depth < 1 || mlpDim < 1) {
            throw new IllegalArgumentException("ViT: depth and mlpDim must be ≥ 1");
        }
    }

    /** ViT-S/16 at 224×224. */
    public static final VitSpec S16_224 = new VitSpec(224, 16, 384, 12, 6, 1536);
    /** ViT-S/4 at 32×32 (CIFAR). */
    public static final VitSpec S4_32 = new VitSpec(32, 4, 384, 12, 6, 1536);
    /** A small CIFAR ViT: patch 4, width 192, depth 6, 3 heads, MLP 384. */
    public static final VitSpec SMALL_CIFAR = new VitSpec(32, 4, 192, 6, 3, 384);
}

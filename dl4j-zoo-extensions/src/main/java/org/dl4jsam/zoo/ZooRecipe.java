package org.dl4jsam.zoo;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * The explicit, non-architectural inputs of a zoo model: classes, input shape, updater, DL4J's L2 on the
 * weight tensors, seed and data type. Nothing is hidden in the architectures, and nothing is attached: the zoo
 * produces configurations, and sharpness-aware training stays the caller's choice (wrap the updater in a
 * {@code SharpnessAwareUpdater} of dl4j-sam-updaters and call {@code SharpnessAware.attachTo(graph)} after
 * {@code setListeners}).
 *
 * <p>The papers' weight decay is PyTorch's {@code SGD(weight_decay=λ)}: coupled, on every trainable parameter
 * (biases and BatchNorm γ/β too). DL4J's {@code .l2(λ)} ({@link #l2()}) applies it to weight tensors only; for the
 * papers' form keep {@code l2 = 0} and give the decay to the SAM configuration
 * ({@code samConfig.withWeightDecay(WeightDecayConfig.pytorch(5e-4))}), which applies it in the step.
 *
 * @param numClasses output classes, ≥ 2
 * @param channels input channels
 * @param height input height
 * @param width input width
 * @param updater DL4J updater configuration (a {@code SharpnessAwareUpdater} for SAM)
 * @param l2 DL4J's L2 on the weight tensors, ≥ 0 (0: none)
 * @param seed initialization seed
 * @param dataType network data type
 */
public record ZooRecipe(
        int numClasses,
        int channels,
        int height,
        int width,
        IUpdater updater,
        double l2,
        long seed,
        DataType dataType) {
    /** The papers' learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;

    /** The initialization seed of the recipes. */
    public static final long DEFAULT_SEED = 42;

    /**
     * Validates the recipe.
     *
     * @param numClasses output classes, ≥ 2
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param updater DL4J updater configuration
     * @param l2 DL4J's L2 on the weight tensors, ≥ 0
     * @param seed initialization seed
     * @param dataType network data type
     */
    public ZooRecipe {
        if (numClasses < 2 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("ZooRecipe: numClasses ≥ 2 and a positive input shape are required, got "
                    + numClasses + " classes, " + channels + "×" + height + "×" + width);
        }
        if (updater == null || dataType == null || !(l2 >= 0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException(
                    "ZooRecipe: updater and dataType must be given and l2 must be finite and ≥ 0 (got " + l2 + ")");
        }
    }

    /**
     * CIFAR-sized input (3×32×32), DL4J's momentum SGD {@code Nesterovs(0.1, 0.9)}, no L2, seed 42, float. For the
     * papers' heavy-ball momentum use {@code withUpdater(new MomentumSgd(0.1, 0.9))} of dl4j-sam-updaters.
     *
     * @param numClasses output classes
     * @return the recipe
     */
    public static ZooRecipe cifar(int numClasses) {
        return new ZooRecipe(
                numClasses, 3, 32, 32, new Nesterovs(DEFAULT_LEARNING_RATE, 0.9), 0.0, DEFAULT_SEED, DataType.FLOAT);
    }

    /**
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @return this recipe with that input shape
     */
    public ZooRecipe withInput(int channels, int height, int width) {
        return new ZooRecipe(numClasses, channels, height, width, updater, l2, seed, dataType);
    }

    /**
     * @param value the updater
     * @return this recipe with that updater
     */
    public ZooRecipe withUpdater(IUpdater value) {
        return new ZooRecipe(numClasses, channels, height, width, value, l2, seed, dataType);
    }

    /**
     * @param value DL4J's L2 on the weight tensors, ≥ 0
     * @return this recipe with that L2
     */
    public ZooRecipe withL2(double value) {
        return new ZooRecipe(numClasses, channels, height, width, updater, value, seed, dataType);
    }

    /**
     * @param value the network data type
     * @return this recipe with that data type
     */
    public ZooRecipe withDataType(DataType value) {
        return new ZooRecipe(numClasses, channels, height, width, updater, l2, seed, value);
    }
}

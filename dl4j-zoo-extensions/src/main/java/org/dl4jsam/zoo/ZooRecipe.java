package org.dl4jsam.zoo;

import org.dl4jsam.updaters.base.MomentumSgd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The explicit, non-architectural inputs of a zoo model: classes, input shape, updater, L2 (PyTorch's
 * coupled weight decay), seed and data type. Nothing is hidden in the architectures.
 *
 * @param numClasses output classes, ≥ 2
 * @param channels input channels
 * @param height input height
 * @param width input width
 * @param updater DL4J updater configuration (wrap it in a {@code SharpnessAwareUpdater} for SAM)
 * @param l2 coupled weight decay, ≥ 0
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
    /** The papers' base optimizer: momentum SGD, lr 0.1, momentum 0.9. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    /** The papers' weight decay 5e-4. */
    public static final double DEFAULT_L2 = 5e-4;

    public static final long DEFAULT_SEED = 42;

    public ZooRecipe {
        if (numClasses < 2 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("ZooRecipe: numClasses ≥ 2 and a positive input shape are required, got "
                    + numClasses + " classes, " + channels + "×" + height + "×" + width);
        }
        if (updater == null || dataType == null || !(l2 >= 0)) {
            throw new IllegalArgumentException("ZooRecipe: updater and dataType must be given and l2 must be ≥ 0");
        }
    }

    /** CIFAR-sized input (3×32×32), momentum SGD 0.1/0.9, L2 5e-4, seed 42, float. */
    public static ZooRecipe cifar(int numClasses) {
        return new ZooRecipe(
                numClasses,
                3,
                32,
                32,
                new MomentumSgd(DEFAULT_LEARNING_RATE, 0.9),
                DEFAULT_L2,
                DEFAULT_SEED,
                DataType.FLOAT);
    }

    public ZooRecipe withInput(int channels, int height, int width) {
        return new ZooRecipe(numClasses, channels, height, width, updater, l2, seed, dataType);
    }

    public ZooRecipe withUpdater(IUpdater value) {
        return new ZooRecipe(numClasses, channels, height, width, value, l2, seed, dataType);
    }

    public ZooRecipe withDataType(DataType value) {
        return new ZooRecipe(numClasses, channels, height, width, updater, l2, seed, value);
    }
}

package org.dl4jsam.zoo;

import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.WeightDecayConfig;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The explicit, non-architectural inputs of a zoo model: classes, input shape, updater, weight decay
 * and how it is applied, seed and data type. Nothing is hidden in the architectures.
 *
 * <p>Weight decay follows the papers by default ({@link DecayMode#PYTORCH}): PyTorch's
 * {@code SGD(weight_decay=λ)}, coupled and on every trainable parameter (biases and BatchNorm γ/β
 * too), applied by the sharpness-aware step: the network's updater becomes a
 * {@link SharpnessAwareUpdater} whose configuration carries {@link WeightDecayConfig#pytorch} (plain
 * updaters are wrapped with {@link SamConfig#erm()}), and {@link ZooArchitecture#init()} attaches the
 * step. {@link DecayMode#DL4J_L2} uses DL4J's {@code .l2(λ)} instead (weights only, no listener).
 *
 * @param numClasses output classes, ≥ 2
 * @param channels input channels
 * @param height input height
 * @param width input width
 * @param updater DL4J updater configuration (wrap it in a {@code SharpnessAwareUpdater} for SAM)
 * @param weightDecay coupled weight decay λ, ≥ 0
 * @param decayMode how λ is applied
 * @param seed initialization seed
 * @param dataType network data type
 */
public record ZooRecipe(
        int numClasses,
        int channels,
        int height,
        int width,
        IUpdater updater,
        double weightDecay,
        DecayMode decayMode,
        long seed,
        DataType dataType) {
    /** The papers' base optimizer: momentum SGD, lr 0.1, momentum 0.9. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    /** The papers' weight decay 5e-4. */
    public static final double DEFAULT_WEIGHT_DECAY = 5e-4;

    /** The initialization seed of the recipes. */
    public static final long DEFAULT_SEED = 42;

    /** How the recipe's weight decay reaches the network. */
    public enum DecayMode {
        /** PyTorch's {@code SGD(weight_decay)}: every trainable parameter, through the SAM step (the papers). */
        PYTORCH,
        /** DL4J's {@code .l2}: weight tensors only, no listener needed. */
        DL4J_L2
    }

    /**
     * Validates the recipe.
     *
     * @param numClasses output classes, ≥ 2
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @param updater DL4J updater configuration
     * @param weightDecay coupled weight decay λ, ≥ 0
     * @param decayMode how λ is applied
     * @param seed initialization seed
     * @param dataType network data type
     */
    public ZooRecipe {
        if (numClasses < 2 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("ZooRecipe: numClasses ≥ 2 and a positive input shape are required, got "
                    + numClasses + " classes, " + channels + "×" + height + "×" + width);
        }
        if (updater == null || dataType == null || decayMode == null || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(
                    "ZooRecipe: updater, decayMode and dataType must be given and weightDecay must be ≥ 0");
        }
        if (decayMode == DecayMode.PYTORCH
                && weightDecay > 0
                && updater instanceof SharpnessAwareUpdater sam
                && sam.getSam().weightDecay() != null) {
            throw new IllegalArgumentException("ZooRecipe: the updater's SamConfig already applies weight decay "
                    + sam.getSam().weightDecay() + "; give the decay in one place (weightDecay 0 here, or none there)");
        }
    }

    /**
     * CIFAR-sized input (3×32×32), momentum SGD 0.1/0.9, PyTorch-style weight decay 5e-4, seed 42, float.
     *
     * @param numClasses output classes
     * @return the recipe
     */
    public static ZooRecipe cifar(int numClasses) {
        return new ZooRecipe(
                numClasses,
                3,
                32,
                32,
                new MomentumSgd(DEFAULT_LEARNING_RATE, 0.9),
                DEFAULT_WEIGHT_DECAY,
                DecayMode.PYTORCH,
                DEFAULT_SEED,
                DataType.FLOAT);
    }

    /** @return the updater the network is configured with (wrapped for PyTorch-style decay, see the class comment) */
    public IUpdater networkUpdater() {
        if (decayMode == DecayMode.DL4J_L2 || weightDecay == 0) {
            return updater;
        }
        WeightDecayConfig decay = WeightDecayConfig.pytorch(weightDecay);
        return updater instanceof SharpnessAwareUpdater sam
                ? new SharpnessAwareUpdater(sam.getBase(), sam.getSam().withWeightDecay(decay))
                : new SharpnessAwareUpdater(updater, SamConfig.erm().withWeightDecay(decay));
    }

    /** @return DL4J's {@code .l2} of the network: λ in {@link DecayMode#DL4J_L2}, else 0 */
    public double networkL2() {
        return decayMode == DecayMode.DL4J_L2 ? weightDecay : 0.0;
    }

    /**
     * @param channels input channels
     * @param height input height
     * @param width input width
     * @return this recipe with that input shape
     */
    public ZooRecipe withInput(int channels, int height, int width) {
        return new ZooRecipe(numClasses, channels, height, width, updater, weightDecay, decayMode, seed, dataType);
    }

    /**
     * @param value the updater
     * @return this recipe with that updater
     */
    public ZooRecipe withUpdater(IUpdater value) {
        return new ZooRecipe(numClasses, channels, height, width, value, weightDecay, decayMode, seed, dataType);
    }

    /**
     * @param value λ ≥ 0
     * @param mode how λ is applied
     * @return this recipe with that weight decay
     */
    public ZooRecipe withWeightDecay(double value, DecayMode mode) {
        return new ZooRecipe(numClasses, channels, height, width, updater, value, mode, seed, dataType);
    }

    /**
     * @param value the network data type
     * @return this recipe with that data type
     */
    public ZooRecipe withDataType(DataType value) {
        return new ZooRecipe(numClasses, channels, height, width, updater, weightDecay, decayMode, seed, value);
    }
}

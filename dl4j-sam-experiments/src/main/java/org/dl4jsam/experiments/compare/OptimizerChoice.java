package org.dl4jsam.experiments.compare;

import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SamPresets;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.WeightDecayConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * An optimizer {@code compare} can train: one of the library's {@link SamPresets}, on the run's
 * momentum-SGD base.
 *
 * @param preset the named variant
 */
public record OptimizerChoice(SamPresets.Preset preset) {

    /**
     * @param name a preset name
     * @return the optimizer
     * @throws IllegalArgumentException listing the available names
     */
    public static OptimizerChoice parse(String name) {
        return new OptimizerChoice(SamPresets.get(name));
    }

    /** @return the available names, comma-separated */
    public static String names() {
        return SamPresets.names();
    }

    /** @return the preset's name */
    public String cliName() {
        return preset.name();
    }

    /** @return whether this optimizer takes second passes */
    public boolean isSharpnessAware() {
        return preset.sharpnessAware();
    }

    /**
     * The updater: the base itself for plain training with DL4J's weight decay, else the base wrapped
     * with this preset's SAM configuration (plus PyTorch-style decay when the run asks for it).
     *
     * @param base the run's momentum SGD
     * @param config the run
     * @param totalIterations T, the planned iterations
     * @return the updater
     */
    public IUpdater updater(IUpdater base, ExperimentConfig config, long totalIterations) {
        if (!usesSamStep(config)) {
            return base;
        }
        SamConfig sam = preset.config(new SamPresets.Parameters(
                config.sam().rho(), config.sam().alpha(), config.sam().alphaWarmupEpochs(), totalIterations));
        if (config.training().pytorchWeightDecay()) {
            sam = sam.withWeightDecay(
                    WeightDecayConfig.pytorch(config.training().weightDecay()));
        }
        return new SharpnessAwareUpdater(base, sam);
    }

    /**
     * @param config the run
     * @return whether training goes through the SAM step: any second pass, or PyTorch-style weight decay
     */
    public boolean usesSamStep(ExperimentConfig config) {
        return isSharpnessAware() || config.training().pytorchWeightDecay();
    }

    /**
     * @param config the run
     * @return the SANER transform of this preset (the first, if several), when it has one
     */
    public java.util.Optional<SanerConfig> saner(ExperimentConfig config) {
        if (!isSharpnessAware()) {
            return java.util.Optional.empty();
        }
        SamConfig sam = preset.config(new SamPresets.Parameters(
                config.sam().rho(), config.sam().alpha(), config.sam().alphaWarmupEpochs(), 1));
        return sam.gradientTransforms().stream()
                .filter(SanerConfig.class::isInstance)
                .map(SanerConfig.class::cast)
                .findFirst();
    }
}

package org.dl4jsam.experiments.compare;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SamPresets;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.WeightDecayConfig;
import org.dl4jsam.updaters.regularization.RegularizedSgd;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * An optimizer {@code compare} can train: one of the library's {@link SamPresets}, on the run's
 * momentum-SGD base, with a training loss ({@code sam+gce}: SAM on generalized cross entropy); or
 * {@code rsgd}, Baek et al.'s regularized SGD (plain training with {@link RegularizedSgd}'s penalties).
 *
 * @param preset the named variant ({@code erm} for {@code rsgd})
 * @param loss the training loss
 * @param regularized whether regularized SGD's penalties are put into the model
 */
public record OptimizerChoice(SamPresets.Preset preset, LossChoice loss, boolean regularized) {
    /** The name of regularized SGD. */
    public static final String REGULARIZED_SGD = "rsgd";

    /**
     * @param name a preset name or {@code rsgd}, optionally followed by {@code +} and a loss ({@code erm+gce},
     *     {@code sam+bootstrap})
     * @return the optimizer
     * @throws IllegalArgumentException listing the available names
     */
    public static OptimizerChoice parse(String name) {
        int plus = name.indexOf('+');
        String base = (plus < 0 ? name : name.substring(0, plus)).strip();
        LossChoice loss = plus < 0 ? LossChoice.CE : LossChoice.parse(name.substring(plus + 1));
        boolean regularized = base.equalsIgnoreCase(REGULARIZED_SGD);
        return new OptimizerChoice(SamPresets.get(regularized ? "erm" : base), loss, regularized);
    }

    /** @return the available names, comma-separated */
    public static String names() {
        return SamPresets.names() + ", " + REGULARIZED_SGD + " (each optionally +gce, +bootstrap or +bootstrap-frozen)";
    }

    /** @return the name, with {@code +loss} unless the loss is cross entropy */
    public String cliName() {
        String base = regularized ? REGULARIZED_SGD : preset.name();
        return loss == LossChoice.CE ? base : base + "+" + loss.cliName();
    }

    /**
     * The model this optimizer trains: the loss on every output layer and, for {@code rsgd}, the penalties.
     *
     * @param configuration the model as built
     * @param config the run (λ_a, λ_w)
     * @return the same configuration
     */
    public ComputationGraphConfiguration model(ComputationGraphConfiguration configuration, ExperimentConfig config) {
        loss.apply(configuration);
        return regularized
                ? RegularizedSgd.apply(
                        configuration,
                        config.sam().activationPenalty(),
                        config.sam().lastLayerDecay())
                : configuration;
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

package org.dl4jsam.experiments;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.dl4jsam.updaters.AeSamConfig;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SanerConfig;
import org.dl4jsam.updaters.SanerMode;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.WarmupUnit;
import org.dl4jsam.updaters.WeightDecayConfig;
import org.nd4j.linalg.learning.config.IUpdater;

/** The optimizers {@code compare} can train, all on the same momentum-SGD base. */
public enum OptimizerChoice {
    SGD("sgd", "momentum SGD (ERM)"),
    SAM("sam", "SAM, ε = ρ·g/‖g‖"),
    USAM("usam", "unnormalized SAM, ε = ρ·g"),
    SANER("saner", "SANER on SAM"),
    SANER_SGD_D("saner-sgd-d", "SANER's SGD-D ablation"),
    AE_SAM("ae-sam", "AE-SAM (λ₁ = −1, λ₂ = 1)"),
    AE_SANER("ae-saner", "SANER masks on AE-SAM's SAM steps");

    private final String cliName;
    private final String description;

    OptimizerChoice(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public static OptimizerChoice parse(String name) {
        for (OptimizerChoice o : values()) {
            if (o.cliName.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; available: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(OptimizerChoice::cliName).collect(Collectors.joining(", "));
    }

    /** Whether this optimizer takes second passes. */
    public boolean isSharpnessAware() {
        return this != SGD;
    }

    /** The updater: the base itself for SGD, else the base wrapped with this variant's SAM config. */
    public IUpdater updater(IUpdater base, ExperimentConfig config, long totalIterations) {
        SanerConfig saner =
                new SanerConfig(config.alpha(), config.alphaWarmupEpochs(), WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT);
        SamConfig sam =
                switch (this) {
                    case SGD -> null;
                    case SAM -> SamConfig.sam(config.rho());
                    case USAM -> SamConfig.unnormalizedSam(config.rho());
                    case SANER -> SamConfig.sam(config.rho()).withGradientTransform(saner);
                    case SANER_SGD_D -> SamConfig.sam(config.rho())
                            .withGradientTransform(
                                    new SanerConfig(config.alpha(), 0, WarmupUnit.EPOCH, SanerMode.REPLACE_WITH_SGD));
                    case AE_SAM -> SamConfig.sam(config.rho())
                            .withSecondPass(AeSamConfig.forIterations(totalIterations));
                    case AE_SANER -> SamConfig.sam(config.rho())
                            .withSecondPass(AeSamConfig.forIterations(totalIterations))
                            .withGradientTransform(saner);
                };
        if (config.pytorchWeightDecay()) {
            sam = (sam == null ? SamConfig.erm() : sam)
                    .withWeightDecay(WeightDecayConfig.pytorch(config.weightDecay()));
        }
        return sam == null ? base : new SharpnessAwareUpdater(base, sam);
    }

    /** Whether training goes through the SAM step: any second pass, or PyTorch-style weight decay. */
    public boolean usesSamStep(ExperimentConfig config) {
        return isSharpnessAware() || config.pytorchWeightDecay();
    }
}

package org.dl4jsam.updaters;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dl4jsam.updaters.perturbation.AsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.GsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.VassoPerturbationConfig;
import org.dl4jsam.updaters.secondpass.AeSamConfig;
import org.dl4jsam.updaters.secondpass.EveryKStepsConfig;
import org.dl4jsam.updaters.secondpass.StochasticSecondPassConfig;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.transform.GsamConfig;
import org.dl4jsam.updaters.transform.LookSamConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;

/**
 * The one registry of named presets: each name gives a {@link SamConfig} with its paper's defaults
 * for the run's ρ, α and length (docs/algorithms.md). The experiment runner, the benchmark and the
 * contract tests all read this list; a new variant becomes available everywhere by adding it here.
 */
public final class SamPresets {

    /**
     * What a preset needs from the run.
     *
     * @param rho the radius ρ
     * @param alpha SANER's target α
     * @param warmupEpochs SANER's warm-up length K in epochs
     * @param totalIterations the planned number of iterations T (AE-SAM's schedule)
     */
    public record Parameters(double rho, double alpha, int warmupEpochs, long totalIterations) {
        /**
         * Validates the values.
         *
         * @param rho the radius ρ ≥ 0
         * @param alpha SANER's target α
         * @param warmupEpochs SANER's warm-up length K ≥ 0 in epochs
         * @param totalIterations T ≥ 1
         */
        public Parameters {
            Checks.finiteAtLeast("preset", "rho", rho, 0.0);
            Checks.finite("preset", "alpha", alpha);
            Checks.positive("preset", "totalIterations", totalIterations);
            if (warmupEpochs < 0) {
                throw new IllegalArgumentException("preset: warmupEpochs = " + warmupEpochs + " must be ≥ 0");
            }
        }

        /**
         * @param totalIterations T, the planned number of iterations
         * @return the label-noise defaults of the papers (ρ = 0.1, α = 0.5 warmed up over 50 epochs)
         */
        public static Parameters labelNoiseDefaults(long totalIterations) {
            return new Parameters(0.1, SanerConfig.DEFAULT_ALPHA, SanerConfig.DEFAULT_WARMUP_EPOCHS, totalIterations);
        }
    }

    /**
     * One named variant.
     *
     * @param name the name used on the command line and in reports
     * @param description one line: what it does
     * @param paper the paper it follows, with its arXiv id
     * @param sharpnessAware whether it ever takes a second pass
     * @param build the configuration for given parameters
     */
    public record Preset(
            String name,
            String description,
            String paper,
            boolean sharpnessAware,
            Function<Parameters, SamConfig> build) {
        /**
         * @param parameters the run's ρ, α and length
         * @return the configuration of this preset
         */
        public SamConfig config(Parameters parameters) {
            return build.apply(parameters);
        }
    }

    private static SanerConfig saner(Parameters p, SanerMode mode) {
        return mode == SanerMode.DOWNWEIGHT
                ? new SanerConfig(p.alpha(), p.warmupEpochs(), WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT)
                : new SanerConfig(p.alpha(), 0, WarmupUnit.EPOCH, SanerMode.REPLACE_WITH_SGD);
    }

    /** The seed of the {@code ss-sam} preset's schedule. */
    public static final long SS_SAM_SEED = 42;
    /**
     * ASAM's radius in the {@code asam} preset is this factor times the run's ρ: ASAM's ρ is on another
     * scale than SAM's, and ρ = 0.1 (the label-noise default) gives the paper's CIFAR-10 value 0.5.
     */
    public static final double ASAM_RHO_FACTOR = 5.0;

    private static final List<Preset> PRESETS = List.of(
            new Preset(
                    "erm", "plain training through the same step (no second pass)", "-", false, p -> SamConfig.erm()),
            new Preset(
                    "sam",
                    "SAM, ε = ρ·g/‖g‖",
                    "Foret et al. 2021, arXiv:2010.01412",
                    true,
                    p -> SamConfig.sam(p.rho())),
            new Preset(
                    "usam",
                    "unnormalized SAM, ε = ρ·g",
                    "Andriushchenko & Flammarion 2022, arXiv:2206.06232",
                    true,
                    p -> SamConfig.unnormalizedSam(p.rho())),
            new Preset(
                    "saner",
                    "SANER on SAM: (1 − α·m) ⊙ ĝ",
                    "Luong et al. 2024, arXiv:2411.17132",
                    true,
                    p -> SamConfig.sam(p.rho()).withGradientTransforms(saner(p, SanerMode.DOWNWEIGHT))),
            new Preset(
                    "saner-sgd-d",
                    "SANER's SGD-D ablation: masked elements of ĝ replaced by g",
                    "Luong et al. 2024, arXiv:2411.17132, §3.3",
                    true,
                    p -> SamConfig.sam(p.rho()).withGradientTransforms(saner(p, SanerMode.REPLACE_WITH_SGD))),
            new Preset(
                    "ae-sam",
                    "AE-SAM: second pass when ‖g‖² is high (λ₁ = −1, λ₂ = 1)",
                    "Jiang et al. 2023, arXiv:2304.14647",
                    true,
                    p -> SamConfig.sam(p.rho()).withSecondPass(AeSamConfig.forIterations(p.totalIterations()))),
            new Preset(
                    "ae-saner",
                    "SANER masks on AE-SAM's SAM steps (one-pass steps unchanged)",
                    "Jiang et al. 2023 + Luong et al. 2024",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withSecondPass(AeSamConfig.forIterations(p.totalIterations()))
                            .withGradientTransforms(saner(p, SanerMode.DOWNWEIGHT))),
            new Preset(
                    "ss-sam",
                    "SS-SAM: the SAM pass with probability 0.5 (seed 42), else ERM",
                    "Zhao et al. 2022",
                    true,
                    p -> SamConfig.sam(p.rho()).withSecondPass(new StochasticSecondPassConfig(0.5, SS_SAM_SEED))),
            new Preset(
                    "looksam",
                    "LookSAM: SAM every 5 steps, g + 0.7·(‖g‖/‖g_v‖)·g_v between",
                    "Liu et al., CVPR 2022",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withSecondPass(new EveryKStepsConfig(5))
                            .withGradientTransforms(new LookSamConfig(LookSamConfig.DEFAULT_A))),
            new Preset(
                    "ae-looksam",
                    "AE-LookSAM: AE-SAM's decision (λ₁ = 0, λ₂ = 2) with LookSAM's reuse",
                    "Jiang et al. 2023, arXiv:2304.14647",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withSecondPass(new AeSamConfig(0.0, 2.0, AeSamConfig.DEFAULT_DELTA, p.totalIterations()))
                            .withGradientTransforms(new LookSamConfig(LookSamConfig.DEFAULT_A))),
            new Preset(
                    "vasso",
                    "VaSSO: ε along an EMA of g (θ = 0.2, the label-noise setting)",
                    "Li & Giannakis, NeurIPS 2023",
                    true,
                    p -> SamConfig.sam(p.rho()).withPerturbation(new VassoPerturbationConfig(p.rho(), 0.2))),
            new Preset(
                    "asam",
                    "ASAM, official form: ε = ρ'·T²g/‖Tg‖, T = |w| + 0.01 on weights, ρ' = 5ρ (0.5 at ρ = 0.1)",
                    "Kwon et al., ICML 2021",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withPerturbation(AsamPerturbationConfig.official(ASAM_RHO_FACTOR * p.rho()))),
            new Preset(
                    "gsam",
                    "GSAM: ĝ − 0.4·g⊥ (ρ constant at the run's ρ)",
                    "Zhuang et al., ICLR 2022",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withPerturbation(new GsamPerturbationConfig(p.rho(), p.rho(), 0.0, 0.0))
                            .withGradientTransforms(new GsamConfig(GsamConfig.DEFAULT_ALPHA))));

    private SamPresets() {}

    /** @return every preset, in a stable order (plain training first) */
    public static List<Preset> all() {
        return PRESETS;
    }

    /**
     * @param name a preset name (case-insensitive)
     * @return the preset
     * @throws IllegalArgumentException naming the available presets when there is none of that name
     */
    public static Preset get(String name) {
        String key = Checks.notNull("SamPresets", "name", name).strip().toLowerCase(Locale.ROOT);
        return PRESETS.stream()
                .filter(p -> p.name().equals(key))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown SAM preset '" + name + "'; available: " + names()));
    }

    /** @return the names, comma-separated */
    public static String names() {
        return PRESETS.stream().map(Preset::name).collect(Collectors.joining(", "));
    }
}

package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dl4jsam.updaters.perturbation.AsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.EsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.FsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.GsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.VassoPerturbationConfig;
import org.dl4jsam.updaters.secondpass.AeSamConfig;
import org.dl4jsam.updaters.secondpass.EveryKStepsConfig;
import org.dl4jsam.updaters.secondpass.StochasticSecondPassConfig;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.dl4jsam.updaters.step.MixedPointStepConfig;
import org.dl4jsam.updaters.step.SharpnessSensitiveSelectionConfig;
import org.dl4jsam.updaters.transform.GsamConfig;
import org.dl4jsam.updaters.transform.LookSamConfig;
import org.dl4jsam.updaters.transform.MsamConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerGroup;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.SanerOnePassSteps;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.dl4jsam.updaters.transform.WsamConfig;

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

    /**
     * MSAM's radius in the {@code msam} preset is this factor times the run's ρ: ρ' = 3 at ρ = 0.1, the value of the
     * authors' runs (Becker et al. 2024; their optimizer's default argument is 0.3).
     */
    public static final double MSAM_RHO_FACTOR = 30.0;
    /**
     * The {@code 1-sam}, {@code j-1-sam} and {@code logit-1-sam} presets run at the run's ρ divided by this: ρ = 0.01
     * at the default ρ = 0.1, Baek et al.'s 1-SAM radius (one ε per example is a larger move than one per batch).
     */
    public static final double PER_EXAMPLE_RHO_DIVISOR = 10.0;
    /** LookSAM's period in the {@code looksam} preset: k = 2, Jiang et al.'s label-noise setting (5 on clean data). */
    public static final int LOOKSAM_K = 2;
    /** The micro-batch size of the {@code m-sam} preset. */
    public static final int M_SHARPNESS = 16;
    /** The seed of the {@code esam} preset's tensor draw. */
    public static final long ESAM_SEED = 42;

    private static final String BAEK_PAPER = "Baek et al. 2024; Andriushchenko & Flammarion 2022 Table 1";

    private static final List<Preset> VARIANTS = List.of(
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
                    "m-sam",
                    "m-sharpness: one ε per micro-batch of " + M_SHARPNESS + ", mean of the micro-batch ĝ",
                    "Foret et al. 2021 §4.1; Andriushchenko & Flammarion 2022",
                    true,
                    p -> SamConfig.sam(p.rho()).withStepAlgorithm(new MicroBatchStepConfig(M_SHARPNESS))),
            new Preset(
                    "1-sam",
                    "1-SAM: one ε per example (m = 1), mean of the per-example ĝ, ρ/10 (0.01 at the default ρ, as Baek et al.)",
                    "Andriushchenko & Flammarion 2022, arXiv:2206.06232; " + BAEK_PAPER,
                    true,
                    p -> SamConfig.sam(p.rho() / PER_EXAMPLE_RHO_DIVISOR)
                            .withStepAlgorithm(new MicroBatchStepConfig(1))),
            new Preset(
                    "j-sam",
                    "J-SAM: the clean output error back-propagated through the network at w + ε (one ε per batch)",
                    BAEK_PAPER,
                    true,
                    p -> SamConfig.sam(p.rho()).withStepAlgorithm(MixedPointStepConfig.jacobianSam())),
            new Preset(
                    "logit-sam",
                    "logit-SAM: the output error at w + ε back-propagated through the network at w (one ε per batch)",
                    BAEK_PAPER,
                    true,
                    p -> SamConfig.sam(p.rho()).withStepAlgorithm(MixedPointStepConfig.logitSam())),
            new Preset(
                    "j-1-sam",
                    "J-SAM with one ε per example, ρ/10 (0.01 at the default ρ, as Baek et al.)",
                    BAEK_PAPER,
                    true,
                    p -> SamConfig.sam(p.rho() / PER_EXAMPLE_RHO_DIVISOR)
                            .withStepAlgorithm(
                                    new MixedPointStepConfig(MixedPointStepConfig.PerturbedFactor.JACOBIAN, 1))),
            new Preset(
                    "logit-1-sam",
                    "logit-SAM with one ε per example, ρ/10 (0.01 at the default ρ, as Baek et al.)",
                    BAEK_PAPER,
                    true,
                    p -> SamConfig.sam(p.rho() / PER_EXAMPLE_RHO_DIVISOR)
                            .withStepAlgorithm(new MixedPointStepConfig(
                                    MixedPointStepConfig.PerturbedFactor.LOGIT_DERIVATIVE, 1))),
            new Preset(
                    "asam",
                    "ASAM, official form: ε = ρ'·T²g/‖Tg‖, T = |w| + 0.01 on weights, ρ' = 5ρ (0.5 at ρ = 0.1)",
                    "Kwon et al., ICML 2021, arXiv:2102.11600",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withPerturbation(AsamPerturbationConfig.official(ASAM_RHO_FACTOR * p.rho()))),
            new Preset(
                    "gsam",
                    "GSAM: ĝ − 0.4·g⊥ (ρ constant at the run's ρ)",
                    "Zhuang et al., ICLR 2022, arXiv:2203.08065",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withPerturbation(new GsamPerturbationConfig(p.rho(), p.rho(), 0.0, 0.0))
                            .withGradientTransforms(new GsamConfig(GsamConfig.DEFAULT_ALPHA))),
            new Preset(
                    "fsam",
                    "F-SAM: ε along g − σ·m, m an EMA of g (σ = 1, λ = 0.9), official order",
                    "Li et al., CVPR 2024, arXiv:2403.12350",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withPerturbation(new FsamPerturbationConfig(
                                    p.rho(),
                                    FsamPerturbationConfig.DEFAULT_SIGMA,
                                    FsamPerturbationConfig.DEFAULT_LAMBDA))),
            new Preset(
                    "vasso",
                    "VaSSO: ε along an EMA of g (θ = 0.2, the label-noise setting)",
                    "Li & Giannakis, NeurIPS 2023, arXiv:2309.15639",
                    true,
                    p -> SamConfig.sam(p.rho()).withPerturbation(new VassoPerturbationConfig(p.rho(), 0.2))),
            new Preset(
                    "wsam",
                    "WSAM: g + α(ĝ − g), α = γ/(1−γ), γ = 0.88, sharpness term decoupled",
                    "Yue et al., KDD 2023, arXiv:2305.15817",
                    true,
                    p -> SamConfig.sam(p.rho()).withGradientTransforms(new WsamConfig(WsamConfig.DEFAULT_GAMMA, true))),
            new Preset(
                    "esam",
                    "ESAM: perturb half the tensors (×1/β), second pass on the half of the batch whose loss rose most",
                    "Du et al., ICLR 2022, arXiv:2110.03141",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withPerturbation(
                                    new EsamPerturbationConfig(p.rho(), EsamPerturbationConfig.DEFAULT_BETA, ESAM_SEED))
                            .withStepAlgorithm(new SharpnessSensitiveSelectionConfig(
                                    SharpnessSensitiveSelectionConfig.DEFAULT_GAMMA))),
            new Preset(
                    "looksam",
                    "LookSAM: SAM every 2 steps (the label-noise k), g + 0.7·(‖g‖/‖g_v‖)·g_v between",
                    "Liu et al., CVPR 2022, arXiv:2203.02714",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withSecondPass(new EveryKStepsConfig(LOOKSAM_K))
                            .withGradientTransforms(new LookSamConfig(LookSamConfig.DEFAULT_A))),
            new Preset(
                    "ss-sam",
                    "SS-SAM: the SAM pass with probability 0.5 (seed 42), else ERM",
                    "Zhao et al. 2022, arXiv:2203.09962",
                    true,
                    p -> SamConfig.sam(p.rho()).withSecondPass(new StochasticSecondPassConfig(0.5, SS_SAM_SEED))),
            new Preset(
                    "ae-sam",
                    "AE-SAM: second pass when ‖g‖² is high (λ₁ = −1, λ₂ = 1)",
                    "Jiang et al., ICLR 2023, arXiv:2304.14647",
                    true,
                    p -> SamConfig.sam(p.rho()).withSecondPass(AeSamConfig.forIterations(p.totalIterations()))),
            new Preset(
                    "ae-looksam",
                    "AE-LookSAM: AE-SAM's decision (λ₁ = −1, λ₂ = 1, the label-noise values) with LookSAM's reuse",
                    "Jiang et al., ICLR 2023, arXiv:2304.14647",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withSecondPass(AeSamConfig.forIterations(p.totalIterations()))
                            .withGradientTransforms(new LookSamConfig(LookSamConfig.DEFAULT_A))),
            new Preset(
                    "msam",
                    "MSAM: one pass at w + ρ'·Δ/‖Δ‖ (Δ the last update, −lr·momentum), ρ' = 30ρ (3, the authors' runs)",
                    "Becker et al. 2024, arXiv:2401.12033",
                    true,
                    p -> SamConfig.erm().withGradientTransforms(new MsamConfig(MSAM_RHO_FACTOR * p.rho()))));

    private static final String SANER_PAPER = "Luong et al. 2024, arXiv:2411.17132";

    /** SANER placed on a variant: after its transforms, except before WSAM, whose sharpness term it then shapes. */
    private static SamConfig withSaner(SamConfig variant, SanerConfig saner) {
        List<GradientTransformConfig> chain = new ArrayList<>(variant.gradientTransforms());
        int at = chain.size();
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) instanceof WsamConfig) {
                at = i;
            }
        }
        chain.add(at, saner);
        return variant.withGradientTransforms(chain.toArray(new GradientTransformConfig[0]));
    }

    private static Preset sanerOn(String variant, String name, String paper) {
        Preset base = VARIANTS.stream()
                .filter(p -> p.name().equals(variant))
                .findFirst()
                .orElseThrow();
        return new Preset(
                name,
                "SANER on " + variant + " (masks on its two-pass steps, one-pass steps unchanged)",
                paper + " + " + SANER_PAPER,
                true,
                p -> withSaner(base.config(p), saner(p, SanerMode.DOWNWEIGHT)));
    }

    private static Preset sanerReusing(String variant, String name) {
        Preset base = VARIANTS.stream()
                .filter(p -> p.name().equals(variant))
                .findFirst()
                .orElseThrow();
        return new Preset(
                name,
                "SANER on " + variant + ", one-pass steps down-weighted with the last two-pass step's mask",
                base.paper() + " + " + SANER_PAPER,
                true,
                p -> withSaner(
                        base.config(p),
                        saner(p, SanerMode.DOWNWEIGHT).withOnePassSteps(SanerOnePassSteps.REUSE_LAST_MASK)));
    }

    private static final List<Preset> SANER_PRESETS = List.of(
            new Preset("saner", "SANER on SAM: (1 − α·m) ⊙ ĝ, m = [0 < ĝ/g < 1]", SANER_PAPER, true, p -> SamConfig.sam(
                            p.rho())
                    .withGradientTransforms(saner(p, SanerMode.DOWNWEIGHT))),
            new Preset(
                    "saner-sgd-d",
                    "SANER's SGD-D ablation: masked elements of ĝ replaced by g",
                    SANER_PAPER + ", §3.3",
                    true,
                    p -> SamConfig.sam(p.rho()).withGradientTransforms(saner(p, SanerMode.REPLACE_WITH_SGD))),
            new Preset(
                    "saner-a",
                    "SANER's group-A ablation: down-weight the elements with ĝ/g > 1",
                    SANER_PAPER + ", §4.3",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withGradientTransforms(
                                    saner(p, SanerMode.DOWNWEIGHT).withGroup(SanerGroup.A))),
            new Preset(
                    "saner-c",
                    "SANER's group-C ablation: down-weight the elements with ĝ/g < 0",
                    SANER_PAPER + ", §4.3",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withGradientTransforms(
                                    saner(p, SanerMode.DOWNWEIGHT).withGroup(SanerGroup.C))),
            new Preset(
                    "saner-ab",
                    "SANER's group-AB ablation: down-weight the elements with ĝ/g > 0",
                    SANER_PAPER + ", §4.3",
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withGradientTransforms(
                                    saner(p, SanerMode.DOWNWEIGHT).withGroup(SanerGroup.AB))),
            new Preset(
                    "saner-last-layer",
                    "SANER on the last layer's parameters only",
                    SANER_PAPER,
                    true,
                    p -> SamConfig.sam(p.rho())
                            .withGradientTransforms(
                                    saner(p, SanerMode.DOWNWEIGHT).withScope(ParameterScope.lastLayer()))),
            sanerOn("usam", "usam-saner", "Andriushchenko & Flammarion 2022"),
            sanerOn("m-sam", "m-sam-saner", "Foret et al. 2021"),
            sanerOn("asam", "asam-saner", "Kwon et al. 2021"),
            sanerOn("gsam", "gsam-saner", "Zhuang et al. 2022"),
            sanerOn("fsam", "fsam-saner", "Li et al. 2024"),
            sanerOn("vasso", "vasso-saner", "Li & Giannakis 2023"),
            sanerOn("wsam", "wsam-saner", "Yue et al. 2023"),
            sanerOn("esam", "esam-saner", "Du et al. 2022"),
            sanerOn("looksam", "looksam-saner", "Liu et al. 2022"),
            sanerReusing("looksam", "looksam-saner-reuse"),
            sanerOn("ss-sam", "ss-saner", "Zhao et al. 2022"),
            sanerReusing("ss-sam", "ss-saner-reuse"),
            sanerOn("ae-sam", "ae-saner", "Jiang et al. 2023"),
            sanerReusing("ae-sam", "ae-saner-reuse"),
            sanerOn("ae-looksam", "ae-looksam-saner", "Jiang et al. 2023"));

    private static final List<Preset> PRESETS = concat(VARIANTS, SANER_PRESETS);

    private static List<Preset> concat(List<Preset> first, List<Preset> second) {
        List<Preset> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

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

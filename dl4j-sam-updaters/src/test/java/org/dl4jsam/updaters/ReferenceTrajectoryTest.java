package org.dl4jsam.updaters;

import static org.dl4jsam.updaters.Approx.assertAllClose;
import static org.dl4jsam.updaters.ReferenceOracle.flatten;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.ReferenceOracle.Loss;
import org.dl4jsam.updaters.ReferenceOracle.Problem;
import org.dl4jsam.updaters.ReferenceOracle.Variant;
import org.dl4jsam.updaters.perturbation.AsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.GsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.NormalizedPerturbationConfig;
import org.dl4jsam.updaters.perturbation.VassoPerturbationConfig;
import org.dl4jsam.updaters.secondpass.AeSamConfig;
import org.dl4jsam.updaters.secondpass.EveryKStepsConfig;
import org.dl4jsam.updaters.secondpass.StochasticSecondPassConfig;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.dl4jsam.updaters.transform.GsamConfig;
import org.dl4jsam.updaters.transform.LookSamConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Contract 3 of docs/architecture.md: on a quadratic loss (linear least squares, {@code L = (1/B)Σ‖xW + b − y‖²}) and on
 * logistic regression, DL4J trajectories of SAM, unnormalized SAM, SANER, AE-SAM, PyTorch-style weight
 * decay, a weights-only ε, m-sharpness (unequal micro-batches), a sub-batch step algorithm and a
 * two-link transform chain match {@link ReferenceOracle} with plain SGD as the base, step by step
 * (relative 1e-10).
 */
class ReferenceTrajectoryTest {
    private static final int STEPS = 6;
    private static final double LR = 0.1;

    static final double THETA = 0.4;
    static final double ETA = 0.01;
    static final double GSAM_ALPHA = 0.4;
    static final double LOOK_A = 0.7;
    static final long SS_SEED = 7;

    static final int MICRO = 4; // B = 6: micro-batches of 4 and 2 examples
    static final int SUB = 3; //   the sub-batch step recomputes on the first 3 examples

    /** A test-only step algorithm: ε from the whole batch, ĝ from its first {@link #SUB} examples. */
    record FirstRowsStep(int rows) implements StepAlgorithmConfig {
        @Override
        public StepAlgorithm newAlgorithm() {
            return passes -> {
                passes.perturb();
                Batch part = passes.batch().rows(0, rows);
                double loss = passes.computeGradient(part);
                passes.context().gradient().muli(passes.context().gradientScale() / part.size()); // to batch-sum scale
                return loss;
            };
        }
    }

    /** A test-only transform: halves the gradient on every step and reports that it ran. */
    record Halve() implements GradientTransformConfig {
        @Override
        public org.dl4jsam.updaters.spi.TransformRequirements requirements() {
            return org.dl4jsam.updaters.spi.TransformRequirements.none();
        }

        @Override
        public GradientTransformRule newRule() {
            return context -> {
                context.gradient().muli(0.5);
                context.report("halve.secondPass", context.tookSecondPass() ? 1 : 0);
            };
        }
    }

    static final double RHO = 0.3;
    static final double ALPHA = 0.5;
    static final int WARMUP = 3;
    static final double LAMBDA1 = 0;
    static final double LAMBDA2 = 2;
    static final double WEIGHT_DECAY = 0.05;

    static final ReferenceOracle.Settings SETTINGS = new ReferenceOracle.Settings(
            STEPS,
            RHO,
            ALPHA,
            WARMUP,
            LAMBDA1,
            LAMBDA2,
            WEIGHT_DECAY,
            THETA,
            ETA,
            GSAM_ALPHA,
            LOOK_A,
            MICRO,
            SUB,
            0,
            0,
            0,
            0,
            0,
            SS_SEED);

    /** The variants this class checks with plain SGD as the base. */
    static final java.util.Set<Variant> VARIANTS = java.util.EnumSet.range(Variant.SAM, Variant.SS_SAM);

    static SamConfig config(Variant variant) {
        SanerConfig saner = new SanerConfig(ALPHA, WARMUP, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT);
        AeSamConfig ae = new AeSamConfig(LAMBDA1, LAMBDA2, 0.9, STEPS);
        return switch (variant) {
            case SAM -> SamConfig.sam(RHO);
            case UNNORMALIZED -> SamConfig.unnormalizedSam(RHO);
            case PROJECTED -> SamConfig.projectedUnnormalizedSam(RHO);
            case SANER -> SamConfig.sam(RHO).withGradientTransforms(saner);
            case SANER_SGD_D -> SamConfig.sam(RHO)
                    .withGradientTransforms(new SanerConfig(ALPHA, 0, WarmupUnit.EPOCH, SanerMode.REPLACE_WITH_SGD));
            case AE_SAM -> SamConfig.sam(RHO).withSecondPass(ae);
            case AE_SAM_SANER -> SamConfig.sam(RHO).withSecondPass(ae).withGradientTransforms(saner);
            case SAM_WEIGHT_DECAY -> SamConfig.sam(RHO).withWeightDecay(WeightDecayConfig.pytorch(WEIGHT_DECAY));
            case SAM_WEIGHT_DECAY_IN_ASCENT -> SamConfig.sam(RHO)
                    .withWeightDecay(new WeightDecayConfig(WEIGHT_DECAY, true));
            case ERM_WEIGHT_DECAY -> SamConfig.erm().withWeightDecay(WeightDecayConfig.pytorch(WEIGHT_DECAY));
            case WEIGHTS_ONLY -> SamConfig.sam(RHO)
                    .withPerturbation(new NormalizedPerturbationConfig(RHO, ParameterScope.weightsOnly()));
            case MICRO_BATCH -> SamConfig.sam(RHO).withStepAlgorithm(new MicroBatchStepConfig(MICRO));
            case SUB_BATCH -> SamConfig.sam(RHO).withStepAlgorithm(new FirstRowsStep(SUB));
            case VASSO -> SamConfig.sam(RHO).withPerturbation(new VassoPerturbationConfig(RHO, THETA));
            case ASAM_OFFICIAL -> SamConfig.sam(RHO).withPerturbation(new AsamPerturbationConfig(RHO, ETA, false));
            case ASAM_ALL_PARAMETERS -> SamConfig.sam(RHO).withPerturbation(new AsamPerturbationConfig(RHO, ETA, true));
            case GSAM -> SamConfig.sam(RHO)
                    .withPerturbation(new GsamPerturbationConfig(RHO, 0.0, 2 * LR, 0.0)) // ρ_t = ρ/2 at lr
                    .withGradientTransforms(new GsamConfig(GSAM_ALPHA));
            case GSAM_THEN_SANER -> SamConfig.sam(RHO)
                    .withPerturbation(new GsamPerturbationConfig(RHO, 0.0, 2 * LR, 0.0))
                    .withGradientTransforms(new GsamConfig(GSAM_ALPHA), saner);
            case LOOKSAM -> SamConfig.sam(RHO)
                    .withSecondPass(new EveryKStepsConfig(2))
                    .withGradientTransforms(new LookSamConfig(LOOK_A));
            case SS_SAM -> SamConfig.sam(RHO).withSecondPass(new StochasticSecondPassConfig(0.5, SS_SEED));
            case MICRO_BATCH_SANER_THEN_HALVED -> SamConfig.sam(RHO)
                    .withSecondPass(ae)
                    .withStepAlgorithm(new MicroBatchStepConfig(MICRO))
                    .withGradientTransforms(saner, new Halve());
            default -> throw new IllegalArgumentException(variant + " is VariantReferenceTest's");
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Loss loss : Loss.values()) {
            for (Variant variant : VARIANTS) {
                cases.add(Arguments.of(loss, variant));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void dl4jTrajectoryMatchesPlainJavaReference(Loss loss, Variant variant) {
        Problem problem = Problem.random(loss, 42 + loss.ordinal());
        MultiLayerNetwork network =
                ReferenceOracle.network(loss, new SharpnessAwareUpdater(new Sgd(LR), config(variant)));
        SharpnessAware.attachTo(network);
        ReferenceOracle reference = new ReferenceOracle(
                problem,
                variant,
                SETTINGS,
                ReferenceOracle.Base.sgd(LR),
                flatten(network),
                ReferenceOracle.FsamDrift.NONE);
        DataSet batch = new DataSet(Nd4j.createFromArray(problem.x()), Nd4j.createFromArray(problem.y()));
        int secondPasses = 0;
        int maskedSteps = 0;
        for (int t = 0; t < STEPS; t++) {
            network.fit(batch);
            boolean referenceSam = reference.step(t);
            SamStepDiagnostics diagnostics = SharpnessAware.lastStep(network).orElseThrow();
            boolean dl4jSam = diagnostics.secondPass();
            if (t > 0 && diagnostics.value(SanerConfig.MASKED_FRACTION) > 0) {
                maskedSteps++;
            }
            assertTrue(referenceSam == dl4jSam, "second-pass decision at step " + t);
            secondPasses += dl4jSam ? 1 : 0;
            assertAllClose(flatten(network), reference.w, 1e-10, 1e-13, loss + " " + variant + " step " + t);
        }
        if (variant.name().startsWith("SANER")) {
            assertTrue(maskedSteps > 0, "the SANER mask selected elements on some step after the first");
        }
        if (variant == Variant.MICRO_BATCH_SANER_THEN_HALVED) {
            SamStepDiagnostics last = SharpnessAware.lastStep(network).orElseThrow();
            assertEquals(last.secondPass() ? 1.0 : 0.0, last.value("halve.secondPass"), "the chain's own diagnostic");
        }
        if (variant == Variant.AE_SAM
                || variant == Variant.AE_SAM_SANER
                || variant == Variant.LOOKSAM
                || variant == Variant.SS_SAM) {
            assertTrue(secondPasses > 0 && secondPasses < STEPS, "mixed SAM and one-pass steps: " + secondPasses);
        }
    }

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }
}

package org.dl4jsam.updaters;

import static org.dl4jsam.updaters.Approx.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/**
 * Contract 3 of docs/architecture.md: on a quadratic loss (linear least squares, {@code L = (1/B)Σ‖xW + b − y‖²}) and on
 * logistic regression, DL4J trajectories of SAM, unnormalized SAM, SANER, AE-SAM, PyTorch-style weight
 * decay, a weights-only ε, m-sharpness (unequal micro-batches), a sub-batch step algorithm and a
 * two-link transform chain match a plain-Java implementation of the formulas of docs/algorithms.md
 * step by step (relative 1e-10).
 */
class ReferenceTrajectoryTest {
    private static final int D = 3;
    private static final int B = 6;
    private static final int STEPS = 6;
    private static final double LR = 0.1;

    enum Loss {
        QUADRATIC(2),
        LOGISTIC(1);

        final int outputs;

        Loss(int outputs) {
            this.outputs = outputs;
        }
    }

    enum Variant {
        SAM,
        UNNORMALIZED,
        PROJECTED,
        SANER,
        SANER_SGD_D,
        AE_SAM,
        AE_SAM_SANER,
        SAM_WEIGHT_DECAY,
        SAM_WEIGHT_DECAY_IN_ASCENT,
        ERM_WEIGHT_DECAY,
        WEIGHTS_ONLY,
        MICRO_BATCH,
        SUB_BATCH,
        MICRO_BATCH_SANER_THEN_HALVED,
        VASSO,
        ASAM_OFFICIAL,
        ASAM_ALL_PARAMETERS,
        GSAM,
        GSAM_THEN_SANER,
        LOOKSAM,
        SS_SAM
    }

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
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Loss loss : Loss.values()) {
            for (Variant variant : Variant.values()) {
                cases.add(Arguments.of(loss, variant));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void dl4jTrajectoryMatchesPlainJavaReference(Loss loss, Variant variant) {
        Random random = new Random(42 + loss.ordinal());
        double[][] x = new double[B][D];
        double[][] y = new double[B][loss.outputs];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < D; i++) {
                x[b][i] = 2 * random.nextGaussian();
            }
            for (int j = 0; j < loss.outputs; j++) {
                y[b][j] = loss == Loss.LOGISTIC ? random.nextInt(2) : 3 * random.nextGaussian();
            }
        }
        MultiLayerNetwork network = network(loss, config(variant));
        SharpnessAware.attachTo(network);
        Reference reference = new Reference(loss, variant, x, y, flatten(network));
        DataSet batch = new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
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

    private static MultiLayerNetwork network(Loss loss, SamConfig sam) {
        OutputLayer output = loss == Loss.QUADRATIC
                ? new OutputLayer.Builder(new LossL2())
                        .nIn(D)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build()
                : new OutputLayer.Builder(new LossBinaryXENT())
                        .nIn(D)
                        .nOut(1)
                        .activation(Activation.SIGMOID)
                        .build();
        MultiLayerNetwork network = new MultiLayerNetwork(TestNets.base(new SharpnessAwareUpdater(new Sgd(LR), sam))
                .list()
                .layer(output)
                .build());
        network.init();
        return network;
    }

    /** [W row-major (D×K), b]. */
    private static double[] flatten(MultiLayerNetwork network) {
        INDArray w = network.getParam("0_W");
        INDArray bias = network.getParam("0_b");
        int k = (int) w.size(1);
        double[] flat = new double[D * k + k];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < k; j++) {
                flat[i * k + j] = w.getDouble(i, j);
            }
        }
        for (int j = 0; j < k; j++) {
            flat[D * k + j] = bias.getDouble(j);
        }
        return flat;
    }

    /** The formulas of docs/algorithms.md §1–§3 on plain arrays, with SGD as the base optimizer. */
    static final class Reference {
        final Loss loss;
        final Variant variant;
        final double[][] x;
        final double[][] y;
        final int k;
        double[] w;
        double mean = 0;
        double variance = Math.exp(-10);
        double[] ema;
        double[] stored;

        Reference(Loss loss, Variant variant, double[][] x, double[][] y, double[] w0) {
            this.loss = loss;
            this.variant = variant;
            this.x = x;
            this.y = y;
            this.k = loss.outputs;
            this.w = w0.clone();
            this.ema = new double[w0.length];
            this.stored = new double[w0.length];
        }

        /** SplitMix64 of (seed, t), written from the published constants: SS-SAM's draw. */
        static double splitMixUniform(long seed, long t) {
            long z = mix(seed + 0x9E3779B97F4A7C15L);
            z = mix(z + 0x9E3779B97F4A7C15L * (t + 1));
            return (z >>> 11) * 0x1.0p-53;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        boolean step(int t) {
            boolean inAscent = variant == Variant.SAM_WEIGHT_DECAY_IN_ASCENT;
            double[] g = inAscent ? plusDecay(gradient(w), w) : gradient(w);
            double norm = norm(g);
            boolean sam = variant != Variant.ERM_WEIGHT_DECAY;
            if (variant == Variant.AE_SAM
                    || variant == Variant.AE_SAM_SANER
                    || variant == Variant.MICRO_BATCH_SANER_THEN_HALVED) {
                double s = norm * norm;
                mean = 0.9 * mean + 0.1 * s;
                variance = 0.9 * variance + 0.1 * (s - mean) * (s - mean);
                double c = ((double) t / STEPS) * LAMBDA1 + (1 - (double) t / STEPS) * LAMBDA2;
                sam = s >= mean + c * Math.sqrt(variance);
            }
            if (variant == Variant.LOOKSAM) {
                sam = t % 2 == 0;
            }
            if (variant == Variant.SS_SAM) {
                sam = splitMixUniform(SS_SEED, t) < 0.5;
            }
            double[] direction = g;
            if (sam) {
                double factor =
                        switch (variant) {
                            case UNNORMALIZED -> RHO;
                            case PROJECTED -> RHO * Math.min(1, 1 / norm);
                            default -> RHO / (norm + 1e-12);
                        };
                double[] perturbed = w.clone();
                int scoped = variant == Variant.WEIGHTS_ONLY ? D * k : w.length; // W entries come first
                if (variant == Variant.WEIGHTS_ONLY) {
                    factor = RHO / (norm(java.util.Arrays.copyOf(g, scoped)) + 1e-12);
                }
                double[] epsilon = new double[w.length];
                for (int i = 0; i < scoped; i++) {
                    epsilon[i] = factor * g[i];
                }
                if (variant == Variant.VASSO) {
                    for (int i = 0; i < w.length; i++) { // the official code: d_0 = g_0, then the EMA
                        ema[i] = t == 0 ? g[i] : (1 - THETA) * ema[i] + THETA * g[i];
                    }
                    double f = RHO / (norm(ema) + 1e-12);
                    for (int i = 0; i < w.length; i++) {
                        epsilon[i] = f * ema[i];
                    }
                }
                if (variant == Variant.ASAM_OFFICIAL || variant == Variant.ASAM_ALL_PARAMETERS) {
                    int scaledEntries = variant == Variant.ASAM_OFFICIAL ? D * k : w.length; // official: W only
                    double[] scale = new double[w.length];
                    double[] tg = new double[w.length];
                    for (int i = 0; i < w.length; i++) {
                        scale[i] = i < scaledEntries ? Math.abs(w[i]) + ETA : 1.0;
                        tg[i] = scale[i] * g[i];
                    }
                    double f = RHO / (norm(tg) + 1e-12);
                    for (int i = 0; i < w.length; i++) {
                        epsilon[i] = f * scale[i] * tg[i]; //  ρ·T²g/‖Tg‖
                    }
                }
                if (variant == Variant.GSAM || variant == Variant.GSAM_THEN_SANER) {
                    double rhoT = 0.0 + (RHO - 0.0) * (LR - 0.0) / (2 * LR - 0.0);
                    for (int i = 0; i < w.length; i++) {
                        epsilon[i] = rhoT * g[i] / (norm + 1e-12);
                    }
                }
                for (int i = 0; i < w.length; i++) {
                    perturbed[i] += epsilon[i];
                }
                direction = inAscent ? plusDecay(gradient(perturbed), perturbed) : gradient(perturbed);
                if (variant == Variant.SUB_BATCH) {
                    direction = gradient(perturbed, 0, SUB);
                }
                if (variant == Variant.MICRO_BATCH || variant == Variant.MICRO_BATCH_SANER_THEN_HALVED) {
                    direction = microBatchGradient();
                }
                if (variant == Variant.GSAM || variant == Variant.GSAM_THEN_SANER) {
                    double dot = 0;
                    double hatSquared = 0;
                    for (int i = 0; i < w.length; i++) {
                        dot += g[i] * direction[i];
                        hatSquared += direction[i] * direction[i];
                    }
                    double[] gsam = new double[w.length];
                    for (int i = 0; i < w.length; i++) {
                        double vertical = g[i] - dot / hatSquared * direction[i]; // g⊥
                        gsam[i] = direction[i] - GSAM_ALPHA * vertical;
                    }
                    direction = gsam;
                }
                if (variant == Variant.LOOKSAM) {
                    double dot = 0;
                    for (int i = 0; i < w.length; i++) {
                        dot += direction[i] * g[i];
                    }
                    for (int i = 0; i < w.length; i++) {
                        stored[i] = direction[i] - dot / (norm * norm) * g[i]; // g_v = ĝ − (ĝ·g/‖g‖²)g
                    }
                }
                if (variant == Variant.SANER
                        || variant == Variant.GSAM_THEN_SANER
                        || variant == Variant.AE_SAM_SANER
                        || variant == Variant.SANER_SGD_D
                        || variant == Variant.MICRO_BATCH_SANER_THEN_HALVED) {
                    double alpha = ALPHA * Math.min(1.0, (t + 1.0) / WARMUP); // 1-based, as the authors
                    for (int i = 0; i < w.length; i++) {
                        double ratio = direction[i] / g[i];
                        if (ratio > 0 && ratio < 1) {
                            direction[i] = variant == Variant.SANER_SGD_D ? g[i] : (1 - alpha) * direction[i];
                        }
                    }
                }
            }
            if (variant == Variant.LOOKSAM && !sam) {
                double storedNorm = norm(stored);
                direction = g.clone();
                for (int i = 0; i < w.length; i++) {
                    direction[i] += LOOK_A * norm / storedNorm * stored[i]; // g + a·(‖g‖/‖g_v‖)·g_v, once
                }
            }
            if (variant == Variant.MICRO_BATCH_SANER_THEN_HALVED) {
                direction = direction.clone();
                for (int i = 0; i < direction.length; i++) {
                    direction[i] *= 0.5; //                 the chain's second link, on every step
                }
            }
            if (variant == Variant.SAM_WEIGHT_DECAY || variant == Variant.ERM_WEIGHT_DECAY) {
                direction = plusDecay(direction, w); //  PyTorch SGD(weight_decay): every parameter, biases too
            }
            for (int i = 0; i < w.length; i++) {
                w[i] -= LR * direction[i];
            }
            return sam;
        }

        static double[] plusDecay(double[] grad, double[] params) {
            double[] out = grad.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += WEIGHT_DECAY * params[i];
            }
            return out;
        }

        /** m-sharpness: per micro-batch its own ε and ĝ, then the mean of the micro-batch means. */
        double[] microBatchGradient() {
            double[] sum = new double[w.length];
            int parts = (x.length + MICRO - 1) / MICRO;
            for (int p = 0; p < parts; p++) {
                int from = p * MICRO;
                int to = Math.min(x.length, from + MICRO);
                double[] gp = gradient(w, from, to);
                double factor = RHO / (norm(gp) + 1e-12);
                double[] perturbed = w.clone();
                for (int i = 0; i < w.length; i++) {
                    perturbed[i] += factor * gp[i];
                }
                double[] hat = gradient(perturbed, from, to);
                for (int i = 0; i < w.length; i++) {
                    sum[i] += hat[i] / parts;
                }
            }
            return sum;
        }

        double[] gradient(double[] params) {
            return gradient(params, 0, x.length);
        }

        /** Mean gradient over examples {@code [from, to)}. */
        double[] gradient(double[] params, int from, int to) {
            double[] grad = new double[params.length];
            for (int b = from; b < to; b++) {
                for (int j = 0; j < k; j++) {
                    double z = params[D * k + j];
                    for (int i = 0; i < D; i++) {
                        z += x[b][i] * params[i * k + j];
                    }
                    double dz = loss == Loss.QUADRATIC
                            ? 2 * (z - y[b][j]) //                  d/dz (z − y)²
                            : 1 / (1 + Math.exp(-z)) - y[b][j]; //  d/dz of cross-entropy of σ(z)
                    for (int i = 0; i < D; i++) {
                        grad[i * k + j] += dz * x[b][i] / (to - from);
                    }
                    grad[D * k + j] += dz / (to - from);
                }
            }
            return grad;
        }

        static double norm(double[] v) {
            double sum = 0;
            for (double e : v) {
                sum += e * e;
            }
            return Math.sqrt(sum);
        }
    }

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }
}

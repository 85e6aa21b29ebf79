package org.dl4jsam.updaters;

import static org.dl4jsam.updaters.Approx.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.ReferenceTrajectoryTest.Loss;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.perturbation.EsamPerturbationConfig;
import org.dl4jsam.updaters.perturbation.FsamPerturbationConfig;
import org.dl4jsam.updaters.secondpass.StochasticSecondPassConfig;
import org.dl4jsam.updaters.step.SharpnessSensitiveSelectionConfig;
import org.dl4jsam.updaters.transform.MsamConfig;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.dl4jsam.updaters.transform.SanerGroup;
import org.dl4jsam.updaters.transform.SanerMode;
import org.dl4jsam.updaters.transform.SanerOnePassSteps;
import org.dl4jsam.updaters.transform.WarmupUnit;
import org.dl4jsam.updaters.transform.WsamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/**
 * The variants of the second wave against plain-Java double references of their papers' formulas (and,
 * for F-SAM, MSAM and WSAM, of the authors' code), on linear least squares and logistic regression,
 * with PyTorch-style SGD momentum and weight decay as the base, for {@value #STEPS} steps with a
 * save/restore after step {@value #RESTORE_AFTER} (relative 1e-10). The references are written from the
 * formulas, not from the library's code.
 */
class VariantReferenceTest {
    private static final int D = 3;
    private static final int B = 6;
    private static final int STEPS = 7;
    private static final int RESTORE_AFTER = 3;
    private static final double LR = 0.05;
    private static final double MU = 0.9;
    private static final double DECAY = 0.01;
    private static final double RHO = 0.3;
    private static final double SIGMA = 0.5; // σ ≠ 1: with σ = 1 the ports' order only rescales d
    private static final double LAMBDA = 0.6;
    private static final double GAMMA_WSAM = 0.8;
    private static final double BETA = 0.5;
    private static final double GAMMA_SDS = 0.5;
    private static final long SEED = 11;
    private static final double ALPHA = 0.5;

    enum Variant {
        FSAM,
        FSAM_SANER,
        WSAM_COUPLED,
        WSAM_DECOUPLED,
        SANER_THEN_WSAM_DECOUPLED,
        ESAM_SWP,
        ESAM,
        MSAM,
        SANER_A,
        SANER_C,
        SANER_AB,
        SS_SAM_SANER_REUSE
    }

    static SamConfig config(Variant variant) {
        SanerConfig saner = new SanerConfig(ALPHA, 0, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT);
        SamConfig fsam = SamConfig.sam(RHO).withPerturbation(new FsamPerturbationConfig(RHO, SIGMA, LAMBDA));
        EsamPerturbationConfig swp = new EsamPerturbationConfig(RHO, BETA, SEED);
        SamConfig config =
                switch (variant) {
                    case FSAM -> fsam;
                    case FSAM_SANER -> fsam.withGradientTransforms(saner);
                    case WSAM_COUPLED -> SamConfig.sam(RHO).withGradientTransforms(new WsamConfig(GAMMA_WSAM, false));
                    case WSAM_DECOUPLED -> SamConfig.sam(RHO).withGradientTransforms(new WsamConfig(GAMMA_WSAM, true));
                    case SANER_THEN_WSAM_DECOUPLED -> SamConfig.sam(RHO)
                            .withGradientTransforms(saner, new WsamConfig(GAMMA_WSAM, true));
                    case ESAM_SWP -> SamConfig.sam(RHO).withPerturbation(swp);
                    case ESAM -> SamConfig.sam(RHO)
                            .withPerturbation(swp)
                            .withStepAlgorithm(new SharpnessSensitiveSelectionConfig(GAMMA_SDS));
                    case MSAM -> SamConfig.erm().withGradientTransforms(new MsamConfig(RHO));
                    case SANER_A -> SamConfig.sam(RHO).withGradientTransforms(saner.withGroup(SanerGroup.A));
                    case SANER_C -> SamConfig.sam(RHO).withGradientTransforms(saner.withGroup(SanerGroup.C));
                    case SANER_AB -> SamConfig.sam(RHO).withGradientTransforms(saner.withGroup(SanerGroup.AB));
                    case SS_SAM_SANER_REUSE -> SamConfig.sam(RHO)
                            .withSecondPass(new StochasticSecondPassConfig(0.5, SEED))
                            .withGradientTransforms(saner.withOnePassSteps(SanerOnePassSteps.REUSE_LAST_MASK));
                };
        return config.withWeightDecay(WeightDecayConfig.pytorch(DECAY));
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
    void trajectoryMatchesTheReferenceAcrossARestore(Loss loss, Variant variant, @TempDir Path dir) throws IOException {
        Data data = Data.of(loss);
        MultiLayerNetwork network = network(loss, config(variant));
        Reference reference = new Reference(loss, variant, data, flatten(network), FsamDrift.NONE);
        DataSet batch = new DataSet(Nd4j.createFromArray(data.x), Nd4j.createFromArray(data.y));
        int secondPasses = 0;
        for (int t = 0; t < STEPS; t++) {
            if (t == RESTORE_AFTER) {
                File file = dir.resolve("model.zip").toFile();
                SharpnessAware.writeModel(network, file, true);
                network = SharpnessAware.restoreMultiLayerNetwork(file, true);
            }
            network.fit(batch);
            boolean referenceSam = reference.step(t);
            boolean dl4jSam = SharpnessAware.lastStep(network).orElseThrow().secondPass();
            assertEquals(referenceSam, dl4jSam, "second-pass decision at step " + t);
            secondPasses += dl4jSam ? 1 : 0;
            assertAllClose(flatten(network), reference.held(), 1e-10, 1e-13, loss + " " + variant + " step " + t);
        }
        if (variant == Variant.SS_SAM_SANER_REUSE) {
            // on the logistic model the group-B mask happens to be empty before the one-pass steps
            assertTrue(loss == Loss.LOGISTIC || reference.reusedSteps > 0, "some one-pass step reused a mask");
            assertTrue(secondPasses > 0 && secondPasses < STEPS, "mixed steps: " + secondPasses);
        }
        if (variant == Variant.ESAM || variant == Variant.ESAM_SWP) {
            assertTrue(reference.partialDraws > 0, "some step perturbed only part of the tensors");
        }
    }

    /**
     * MSAM is evaluated at {@code w}, as the official code's {@code move_back_from_momentumAscent}: after each
     * epoch of {@code fit(iterator)} the network holds the reference's {@code w}, the next epoch trains on from
     * {@code w̃}, and a model saved mid-epoch holds {@code w} in its file while training goes on at {@code w̃}.
     */
    @Test
    void msamIsEvaluatedAndSavedAtW(@TempDir Path dir) throws IOException {
        for (Loss loss : Loss.values()) {
            Data data = Data.of(loss);
            MultiLayerNetwork network = network(loss, config(Variant.MSAM));
            Reference reference = new Reference(loss, Variant.MSAM, data, flatten(network), FsamDrift.NONE);
            DataSet batch = new DataSet(Nd4j.createFromArray(data.x), Nd4j.createFromArray(data.y));
            int t = 0;
            for (int epoch = 0; epoch < 2; epoch++) {
                network.fit(new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator(
                        java.util.Collections.nCopies(3, batch)));
                for (int i = 0; i < 3; i++) {
                    reference.step(t++);
                }
                assertAllClose(flatten(network), reference.w, 1e-10, 1e-13, loss + ": w after epoch " + epoch);
            }
            network.fit(batch); //                                     fit(DataSet) counts no epoch
            reference.step(t++);
            assertAllClose(flatten(network), reference.held(), 1e-10, 1e-13, loss + ": w̃ inside an epoch");
            File file = dir.resolve(loss + ".zip").toFile();
            SharpnessAware.writeModel(network, file, true);
            assertAllClose(flatten(network), reference.held(), 1e-10, 1e-13, loss + ": training goes on at w̃");
            MultiLayerNetwork saved = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file, false);
            assertAllClose(flatten(saved), reference.w, 1e-10, 1e-13, loss + ": the file holds w");
            network.fit(batch);
            reference.step(t);
            assertAllClose(flatten(network), reference.held(), 1e-10, 1e-13, loss + ": the step after the save");
        }
    }

    /** How ports drift from the official F-SAM order. */
    enum FsamDrift {
        NONE,
        /** m updated before it is subtracted. */
        UPDATE_FIRST,
        /** m starts at 0 instead of the first g. */
        ZERO_START
    }

    /** The ports' F-SAM orders give other trajectories: the test above can tell them apart. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(
            value = FsamDrift.class,
            names = {"UPDATE_FIRST", "ZERO_START"})
    void fsamInThePortsOrderDiverges(FsamDrift drift) {
        for (Loss loss : Loss.values()) {
            Data data = Data.of(loss);
            MultiLayerNetwork network = network(loss, config(Variant.FSAM));
            Reference drifted = new Reference(loss, Variant.FSAM, data, flatten(network), drift);
            DataSet batch = new DataSet(Nd4j.createFromArray(data.x), Nd4j.createFromArray(data.y));
            double largest = 0;
            for (int t = 0; t < STEPS; t++) {
                network.fit(batch);
                drifted.step(t);
                double[] actual = flatten(network);
                for (int i = 0; i < actual.length; i++) {
                    largest = Math.max(largest, Math.abs(actual[i] - drifted.w[i]));
                }
            }
            assertTrue(largest > 1e-6, loss + ": the drifted order stays within " + largest);
        }
    }

    record Data(double[][] x, double[][] y) {
        static Data of(Loss loss) {
            Random random = new Random(7 + loss.ordinal());
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
            return new Data(x, y);
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
        MultiLayerNetwork network =
                new MultiLayerNetwork(TestNets.base(new SharpnessAwareUpdater(new MomentumSgd(LR, MU), sam))
                        .list()
                        .layer(output)
                        .build());
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }

    /** [W row-major (D×K), b]: the order of DL4J's flat vector, W then b. */
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

    /** The papers' formulas on plain arrays; base: PyTorch SGD(momentum, weight_decay), dampening 0. */
    static final class Reference {
        final Loss loss;
        final Variant variant;
        final Data data;
        final int k;
        final FsamDrift drift;
        double[] w;
        final double[] buffer;
        double[] estimate; //    F-SAM's m (null before the first step)
        double[] lastMask; //    SANER's reused mask (null before the first two-pass step)
        double[] msamOffset; //  MSAM: the network holds w − ρ·v/‖v‖
        int reusedSteps;
        int partialDraws;

        Reference(Loss loss, Variant variant, Data data, double[] w0, FsamDrift drift) {
            this.loss = loss;
            this.variant = variant;
            this.data = data;
            this.k = loss.outputs;
            this.drift = drift;
            this.w = w0.clone();
            this.buffer = new double[w0.length];
            this.msamOffset = new double[w0.length];
        }

        /** The weights the network holds between steps. */
        double[] held() {
            double[] out = w.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] += msamOffset[i];
            }
            return out;
        }

        boolean step(int t) {
            int n = w.length;
            boolean twoPass = variant != Variant.MSAM;
            if (variant == Variant.SS_SAM_SANER_REUSE) {
                twoPass = uniform(SEED, t) < 0.5;
            }
            double[] direction;
            if (variant == Variant.MSAM) {
                direction = gradient(held(), 0, B); // DL4J's pass at w̃ = w − ρ·v/‖v‖
            } else {
                double[] g = gradient(w, 0, B);
                direction = g;
                if (twoPass) {
                    double[] hat = perturbedGradient(t, g);
                    direction = hat;
                    if (variant == Variant.FSAM_SANER
                            || variant == Variant.SANER_THEN_WSAM_DECOUPLED
                            || variant.name().startsWith("SANER")
                            || variant == Variant.SS_SAM_SANER_REUSE) {
                        double[] mask = new double[n];
                        for (int i = 0; i < n; i++) {
                            double r = hat[i] / g[i];
                            boolean selected =
                                    switch (variant) {
                                        case SANER_A -> r > 1;
                                        case SANER_C -> r < 0;
                                        case SANER_AB -> r > 0 && hat[i] != g[i];
                                        default -> r > 0 && r < 1;
                                    };
                            mask[i] = selected && g[i] != 0 ? 1 : 0;
                        }
                        lastMask = mask;
                        direction = new double[n];
                        for (int i = 0; i < n; i++) {
                            direction[i] = (1 - ALPHA * mask[i]) * hat[i];
                        }
                    }
                    if (variant == Variant.WSAM_COUPLED) {
                        double a = GAMMA_WSAM / (1 - GAMMA_WSAM);
                        for (int i = 0; i < n; i++) {
                            direction[i] = g[i] + a * (hat[i] - g[i]); // L + α(L(w+ε) − L(w))
                        }
                    }
                } else if (variant == Variant.SS_SAM_SANER_REUSE && lastMask != null) {
                    direction = new double[n];
                    for (int i = 0; i < n; i++) {
                        direction[i] = (1 - ALPHA * lastMask[i]) * g[i];
                    }
                    reusedSteps += Arrays.stream(lastMask).sum() > 0 ? 1 : 0;
                }
                if (twoPass && (variant == Variant.WSAM_DECOUPLED || variant == Variant.SANER_THEN_WSAM_DECOUPLED)) {
                    // the authors' decoupled form: SGD on g, then w −= lr·α·(ĝ − g)
                    double[] sharpness = new double[n];
                    for (int i = 0; i < n; i++) {
                        sharpness[i] = direction[i] - g[i];
                    }
                    sgdMomentum(g);
                    double a = GAMMA_WSAM / (1 - GAMMA_WSAM);
                    for (int i = 0; i < n; i++) {
                        w[i] -= LR * a * sharpness[i];
                    }
                    return true;
                }
            }
            sgdMomentum(direction);
            if (variant == Variant.MSAM) {
                double norm = norm(buffer); // the official code: w̃ = w − ρ·v/(‖v‖ + 1e-12)
                for (int i = 0; i < n; i++) {
                    msamOffset[i] = norm == 0 ? 0 : -RHO * buffer[i] / (norm + 1e-12);
                }
            }
            return twoPass;
        }

        /** PyTorch SGD: d = grad + λw; v = μv + d (v = d on the first step); w −= lr·v. */
        void sgdMomentum(double[] grad) {
            for (int i = 0; i < w.length; i++) {
                double d = grad[i] + DECAY * w[i];
                buffer[i] = MU * buffer[i] + d;
                w[i] -= LR * buffer[i];
            }
        }

        double[] perturbedGradient(int t, double[] g) {
            int n = w.length;
            double[] epsilon = new double[n];
            if (variant == Variant.FSAM || variant == Variant.FSAM_SANER) {
                // the official FriendlySAM.first_step: m = g on the first step; else d = g − σm, then m = λm + (1−λ)g
                double[] d = g.clone();
                if (estimate == null && drift == FsamDrift.ZERO_START) {
                    estimate = new double[n];
                    for (int i = 0; i < n; i++) {
                        estimate[i] = (1 - LAMBDA) * g[i];
                    }
                } else if (estimate == null) {
                    estimate = g.clone();
                } else if (drift != FsamDrift.UPDATE_FIRST) {
                    for (int i = 0; i < n; i++) {
                        d[i] = g[i] - SIGMA * estimate[i];
                        estimate[i] = LAMBDA * estimate[i] + (1 - LAMBDA) * g[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        estimate[i] = LAMBDA * estimate[i] + (1 - LAMBDA) * g[i];
                        d[i] = g[i] - SIGMA * estimate[i];
                    }
                }
                double f = RHO / (norm(d) + 1e-12);
                for (int i = 0; i < n; i++) {
                    epsilon[i] = f * d[i];
                }
            } else if (variant == Variant.ESAM || variant == Variant.ESAM_SWP) {
                // SWP: tensor 0 is W (the first D·k entries), tensor 1 is b; drawn ones get (ρ/β)·g_S/‖g_S‖
                boolean[] drawn = {uniform2(SEED, t, 0) < BETA, uniform2(SEED, t, 1) < BETA};
                partialDraws += drawn[0] != drawn[1] ? 1 : 0;
                double squared = 0;
                for (int i = 0; i < n; i++) {
                    if (drawn[i < D * k ? 0 : 1]) {
                        squared += g[i] * g[i];
                    }
                }
                double f = RHO / BETA / (Math.sqrt(squared) + 1e-12);
                for (int i = 0; i < n; i++) {
                    epsilon[i] = drawn[i < D * k ? 0 : 1] ? f * g[i] : 0;
                }
            } else {
                double f = RHO / (norm(g) + 1e-12);
                for (int i = 0; i < n; i++) {
                    epsilon[i] = f * g[i];
                }
            }
            double[] perturbed = w.clone();
            for (int i = 0; i < n; i++) {
                perturbed[i] += epsilon[i];
            }
            if (variant != Variant.ESAM) {
                return gradient(perturbed, 0, B);
            }
            // SDS: the ⌊γB⌋ examples whose loss rose most, by hand
            int keep = (int) Math.floor(GAMMA_SDS * B);
            Integer[] order = new Integer[B];
            double[] rise = new double[B];
            for (int b = 0; b < B; b++) {
                order[b] = b;
                rise[b] = exampleLoss(perturbed, b) - exampleLoss(w, b);
            }
            Arrays.sort(order, (p, q) -> Double.compare(rise[q], rise[p]));
            double[] mean = new double[n];
            for (int s = 0; s < keep; s++) {
                double[] one = gradient(perturbed, order[s], order[s] + 1);
                for (int i = 0; i < n; i++) {
                    mean[i] += one[i] / keep;
                }
            }
            return mean;
        }

        double exampleLoss(double[] params, int b) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double z = params[D * k + j];
                for (int i = 0; i < D; i++) {
                    z += data.x[b][i] * params[i * k + j];
                }
                double y = data.y[b][j];
                sum += loss == Loss.QUADRATIC
                        ? (z - y) * (z - y)
                        : -(y * Math.log(1 / (1 + Math.exp(-z))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-z))));
            }
            return sum;
        }

        /** Mean gradient over examples {@code [from, to)}. */
        double[] gradient(double[] params, int from, int to) {
            double[] grad = new double[params.length];
            for (int b = from; b < to; b++) {
                for (int j = 0; j < k; j++) {
                    double z = params[D * k + j];
                    for (int i = 0; i < D; i++) {
                        z += data.x[b][i] * params[i * k + j];
                    }
                    double dz = loss == Loss.QUADRATIC ? 2 * (z - data.y[b][j]) : 1 / (1 + Math.exp(-z)) - data.y[b][j];
                    for (int i = 0; i < D; i++) {
                        grad[i * k + j] += dz * data.x[b][i] / (to - from);
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

        /** SplitMix64 of (seed, t): SS-SAM's draw, from the published constants. */
        static double uniform(long seed, long t) {
            return ReferenceTrajectoryTest.Reference.splitMixUniform(seed, t);
        }

        /** SplitMix64 of (seed, t, tensor): ESAM's tensor draw. */
        static double uniform2(long seed, long t, long tensor) {
            long z = ReferenceTrajectoryTest.Reference.mix(seed + 0x9E3779B97F4A7C15L);
            z = ReferenceTrajectoryTest.Reference.mix(z + 0x9E3779B97F4A7C15L * (t + 1));
            z = ReferenceTrajectoryTest.Reference.mix(z + 0x9E3779B97F4A7C15L * (tensor + 1));
            return (z >>> 11) * 0x1.0p-53;
        }
    }

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }
}

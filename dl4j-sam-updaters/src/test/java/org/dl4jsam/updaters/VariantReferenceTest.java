package org.dl4jsam.updaters;

import static org.dl4jsam.updaters.Approx.assertAllClose;
import static org.dl4jsam.updaters.ReferenceOracle.flatten;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.ReferenceOracle.FsamDrift;
import org.dl4jsam.updaters.ReferenceOracle.Loss;
import org.dl4jsam.updaters.ReferenceOracle.Problem;
import org.dl4jsam.updaters.ReferenceOracle.Variant;
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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * F-SAM, WSAM, ESAM, MSAM and SANER's groups and reused mask against {@link ReferenceOracle}, with PyTorch's
 * momentum SGD and weight decay as the base, for {@value #STEPS} steps with a save/restore after step
 * {@value #RESTORE_AFTER} (relative 1e-10).
 */
class VariantReferenceTest {
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

    static final ReferenceOracle.Settings SETTINGS = new ReferenceOracle.Settings(
            STEPS, RHO, ALPHA, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, SIGMA, LAMBDA, GAMMA_WSAM, BETA, GAMMA_SDS, SEED);

    /** The variants this class checks with PyTorch's momentum SGD and weight decay as the base. */
    static final java.util.Set<Variant> VARIANTS = java.util.EnumSet.range(Variant.FSAM, Variant.SS_SAM_SANER_REUSE);

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
                    default -> throw new IllegalArgumentException(variant + " is ReferenceTrajectoryTest's");
                };
        return config.withWeightDecay(WeightDecayConfig.pytorch(DECAY));
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
    void trajectoryMatchesTheReferenceAcrossARestore(Loss loss, Variant variant, @TempDir Path dir) throws IOException {
        Problem data = data(loss);
        MultiLayerNetwork network = network(loss, config(variant));
        ReferenceOracle reference = oracle(loss, variant, data, network, FsamDrift.NONE);
        DataSet batch = new DataSet(Nd4j.createFromArray(data.x()), Nd4j.createFromArray(data.y()));
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
            Problem data = data(loss);
            MultiLayerNetwork network = network(loss, config(Variant.MSAM));
            ReferenceOracle reference = oracle(loss, Variant.MSAM, data, network, FsamDrift.NONE);
            DataSet batch = new DataSet(Nd4j.createFromArray(data.x()), Nd4j.createFromArray(data.y()));
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

    /** The ports' F-SAM orders give other trajectories: the test above can tell them apart. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(
            value = FsamDrift.class,
            names = {"UPDATE_FIRST", "ZERO_START"})
    void fsamInThePortsOrderDiverges(FsamDrift drift) {
        for (Loss loss : Loss.values()) {
            Problem data = data(loss);
            MultiLayerNetwork network = network(loss, config(Variant.FSAM));
            ReferenceOracle drifted = oracle(loss, Variant.FSAM, data, network, drift);
            DataSet batch = new DataSet(Nd4j.createFromArray(data.x()), Nd4j.createFromArray(data.y()));
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

    private static Problem data(Loss loss) {
        return Problem.random(loss, 7 + loss.ordinal());
    }

    private static MultiLayerNetwork network(Loss loss, SamConfig sam) {
        MultiLayerNetwork network =
                ReferenceOracle.network(loss, new SharpnessAwareUpdater(new MomentumSgd(LR, MU), sam));
        SharpnessAware.attachTo(network);
        return network;
    }

    private static ReferenceOracle oracle(
            Loss loss, Variant variant, Problem data, MultiLayerNetwork network, FsamDrift drift) {
        return new ReferenceOracle(
                data, variant, SETTINGS, ReferenceOracle.Base.pytorchMomentum(LR, MU, DECAY), flatten(network), drift);
    }

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }
}

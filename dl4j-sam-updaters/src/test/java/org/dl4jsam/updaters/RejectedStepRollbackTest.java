package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.perturbation.FsamPerturbationConfig;
import org.dl4jsam.updaters.secondpass.AeSamConfig;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A step rejected or skipped for a non-finite {@code ĝ} leaves no trace: weights, BatchNorm statistics, the
 * base updater's state and the SAM rules' state (F-SAM's estimate, AE-SAM's statistics and counters) are as
 * if the batch had never been seen, so the run continues exactly as a twin that never saw it.
 */
class RejectedStepRollbackTest {
    private static final int GOOD_STEPS = 5;
    private static boolean poison;

    /** SAM's step whose {@code ĝ} turns NaN while {@link #poison} is set. */
    record PoisonedStep() implements StepAlgorithmConfig {
        @Override
        public StepAlgorithm newAlgorithm() {
            return passes -> {
                passes.perturb();
                double loss = passes.computeGradient();
                if (poison) {
                    passes.context().gradient().putScalar(0, Double.NaN); // a trainable weight's entry
                }
                return loss;
            };
        }
    }

    private static SamRuntimeState state(MultiLayerNetwork network) {
        return SharpnessAware.listenerOf(network).orElseThrow().engine(network).state();
    }

    @ParameterizedTest
    @EnumSource(NonFinitePolicy.class)
    void aRejectedBatchLeavesTheRulesStateAsBefore(NonFinitePolicy policy) {
        SamConfig config = SamConfig.sam(0.1)
                .withPerturbation(new FsamPerturbationConfig(0.1, 1.0, 0.9))
                .withSecondPass(AeSamConfig.forIterations(20)) // the first step is a SAM step
                .withStepAlgorithm(new PoisonedStep())
                .withNonFinitePolicy(policy);
        MultiLayerNetwork twin = TestNets.samNetwork(config);
        MultiLayerNetwork subject = TestNets.samNetwork(config);
        SamRuntimeState fresh = state(subject);
        double[] weightsBefore = subject.params().dup().data().asDouble();
        poison = true;
        try {
            if (policy == NonFinitePolicy.FAIL) {
                NonFiniteGradientException rejected =
                        assertThrows(NonFiniteGradientException.class, () -> subject.fit(TestNets.denseData(8, 99)));
                assertTrue(rejected.getMessage().contains("SAM state are unchanged"), rejected.getMessage());
            } else {
                subject.fit(TestNets.denseData(8, 99));
                assertTrue(SharpnessAware.lastStep(subject).orElseThrow().skipped());
            }
        } finally {
            poison = false;
        }
        assertEquals(fresh.scalars(), state(subject).scalars(), "the rules' scalars kept nothing of the batch");
        assertArrayEquals(
                fresh.array().data().asDouble(), state(subject).array().data().asDouble(), 0.0, "F-SAM's m");
        assertArrayEquals(weightsBefore, subject.params().data().asDouble(), 0.0, "weights");
        assertEquals(
                2,
                SharpnessAware.listenerOf(subject).orElseThrow().bufferCount(subject),
                "the weight backup and the checkpoint of F-SAM's m, counted in the step's memory");
        if (policy == NonFinitePolicy.SKIP_STEP) {
            return; // DL4J counted the skipped iteration, so the schedule's clock is one ahead of a twin's
        }
        for (int step = 0; step < GOOD_STEPS; step++) {
            twin.fit(TestNets.denseData(8, step));
            subject.fit(TestNets.denseData(8, step));
        }
        SamRuntimeState expected = state(twin);
        SamRuntimeState actual = state(subject);
        assertEquals(expected.scalars(), actual.scalars(), "every rule's scalars (AE-SAM's counters among them)");
        assertArrayEquals(
                expected.array().data().asDouble(), actual.array().data().asDouble(), 0.0, "F-SAM's m");
        assertArrayEquals(
                twin.params().data().asDouble(), subject.params().data().asDouble(), 0.0, "weights");
        assertArrayEquals(
                twin.getUpdater().getStateViewArray().data().asDouble(),
                subject.getUpdater().getStateViewArray().data().asDouble(),
                0.0,
                "momentum and the mirrored AE-SAM state");
    }
}

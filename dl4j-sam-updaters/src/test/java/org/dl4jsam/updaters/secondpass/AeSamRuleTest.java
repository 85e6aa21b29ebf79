package org.dl4jsam.updaters.secondpass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract 4b of docs/architecture.md: AE-SAM's moving statistics and decisions against a hand-computed recurrence. */
class AeSamRuleTest {

    /**
     * δ = 0.5, λ₁ = −1, λ₂ = 1, T = 4; s = 4, 1, 9, 1.
     *
     * <pre>
     * t=0: μ = 2,     σ² = 0.5e⁻¹⁰ + 0.5·2²   ≈ 2,          c = 1:   4 ≥ 2 + 1.41421  → SAM
     * t=1: μ = 1.5,   σ² = 1 + 0.5·0.25 = 1.125,            c = 0.5: 1 ≥ 1.5 + …     → ERM
     * t=2: μ = 5.25,  σ² = 0.5625 + 0.5·3.75² = 7.59375,    c = 0:   9 ≥ 5.25        → SAM
     * t=3: μ = 3.125, σ² = 3.796875 + 0.5·2.125² = 6.0546875, c = −0.5: 1 ≥ 3.125 − 1.23030 = 1.8947 → ERM
     * </pre>
     */
    @Test
    void followsTheHandComputedRecurrence() {
        AeSamRule rule = new AeSamRule(new AeSamConfig(-1, 1, 0.5, 4));
        double[] s = {4, 1, 9, 1};
        double[] mean = {2, 1.5, 5.25, 3.125};
        double[] variance = {0.5 * Math.exp(-10) + 2, 0.25 * Math.exp(-10) + 1.125, 0, 0};
        variance[2] = 0.5 * variance[1] + 0.5 * 3.75 * 3.75;
        variance[3] = 0.5 * variance[2] + 0.5 * 2.125 * 2.125;
        boolean[] sam = {true, false, true, false};
        for (int t = 0; t < 4; t++) {
            assertEquals(sam[t], rule.decide(s[t], t), "decision at t=" + t);
            assertEquals(mean[t], rule.mean(), 1e-15, "μ at t=" + t);
            assertEquals(variance[t], rule.variance(), 1e-14, "σ² at t=" + t);
        }
        assertEquals(0.5, rule.secondPassFraction(), 0.0);
        assertEquals(6.0546875, variance[3], 1e-5, "the comment's figure, up to the e⁻¹⁰ start");
    }

    @Test
    void thresholdCoefficientMovesLinearlyFromLambda2ToLambda1AndStays() {
        AeSamConfig config = new AeSamConfig(-1, 1, 0.9, 10);
        assertEquals(1.0, config.thresholdCoefficient(0), 0.0);
        assertEquals(0.0, config.thresholdCoefficient(5), 1e-15);
        assertEquals(-1.0, config.thresholdCoefficient(10), 0.0);
        assertEquals(-1.0, config.thresholdCoefficient(25), 0.0);
    }

    @Test
    void stateRoundTripsAndRejectsForeignKeys() {
        AeSamRule rule = new AeSamRule(AeSamConfig.forIterations(10));
        rule.decide(3.0, 0);
        rule.decide(0.5, 1);
        Map<String, Double> state = rule.scalarState();
        AeSamRule copy = new AeSamRule(AeSamConfig.forIterations(10));
        copy.restoreScalarState(state);
        assertEquals(state, copy.scalarState());
        assertEquals(rule.decide(2.0, 2), copy.decide(2.0, 2));
        assertThrows(IllegalArgumentException.class, () -> copy.restoreScalarState(Map.of("mean", 1.0)));
    }

    @Test
    void extremeCoefficientsGiveAlwaysAndNever() {
        AeSamRule always = new AeSamRule(new AeSamConfig(-1e9, -1e9, 0.9, 10));
        AeSamRule never = new AeSamRule(new AeSamConfig(1e9, 1e9, 0.9, 10));
        for (int t = 0; t < 10; t++) {
            assertTrue(always.decide(1.0 + t % 3, t));
            assertFalse(never.decide(1.0 + t % 3, t));
        }
    }
}

package org.dl4jsam.updaters.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SANER's α schedule against hand-computed values. */
class SanerWarmupTest {

    @Test
    void sanerAlphaWarmsUpLinearlyPerEpochOrIteration() {
        SanerConfig perEpoch = new SanerConfig(0.5, 50, WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT);
        assertEquals(0.01, perEpoch.alphaAt(999, 0), 1e-15, "the authors' epoch index is 1-based: α/K first");
        assertEquals(0.25, perEpoch.alphaAt(0, 24), 1e-15);
        assertEquals(0.5, perEpoch.alphaAt(0, 49), 0.0, "the K-th epoch reaches α");
        assertEquals(0.5, perEpoch.alphaAt(0, 80), 0.0);
        SanerConfig perIteration = new SanerConfig(-0.5, 4, WarmupUnit.ITERATION, SanerMode.DOWNWEIGHT);
        assertEquals(-0.25, perIteration.alphaAt(1, 99), 1e-15);
        assertEquals(0.5, new SanerConfig(0.5, 0, WarmupUnit.EPOCH, SanerMode.DOWNWEIGHT).alphaAt(0, 0), 0.0);
    }
}

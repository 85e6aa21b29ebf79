package org.dl4jsam.updaters;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SANER's mask (Luong et al. 2024, Eq. 12): {@code m_i = 1} iff {@code 0 < ĝ_i/g_i < 1}, computed
 * without division as {@code ĝ_i·g_i > 0 ∧ g_i·(g_i − ĝ_i) > 0} (the ratio's numerator and
 * {@code g_i² − ĝ_i·g_i} both positive). Where {@code g_i = 0} the element is not masked.
 */
public final class SanerMask {
    private SanerMask() {}

    /**
     * Write the 0/1 mask into {@code mask}, using {@code work} as a scratch buffer.
     *
     * @return the number of masked elements
     */
    public static long compute(INDArray clean, INDArray perturbed, INDArray mask, INDArray work) {
        clean.sub(perturbed, mask).muli(clean); //  u = g ⊙ (g − ĝ)
        clean.mul(perturbed, work); //              t = g ⊙ ĝ
        Transforms.min(mask, work, false); //       u > 0 ∧ t > 0  ⟺  min(u, t) > 0
        Transforms.step(mask, false);
        return Math.round(mask.sumNumber().doubleValue());
    }
}

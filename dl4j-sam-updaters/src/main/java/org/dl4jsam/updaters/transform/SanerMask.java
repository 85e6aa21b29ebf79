package org.dl4jsam.updaters.transform;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SANER's mask (Luong et al. 2024, Eq. 12): {@code m_i = 1} iff {@code 0 < ĝ_i/g_i < 1}, computed
 * without division as {@code ĝ_i·(g_i − ĝ_i) > 0}: the product is positive exactly when ĝ_i lies
 * strictly between 0 and g_i. Where {@code g_i = 0} it is {@code −ĝ_i² ≤ 0}, so the element is not
 * masked. Three element-wise passes and no buffer beyond the mask.
 */
final class SanerMask {
    private SanerMask() {}

    /**
     * Write the 0/1 mask into {@code mask}.
     *
     * @return the number of masked elements
     */
    static long compute(INDArray clean, INDArray perturbed, INDArray mask) {
        clean.sub(perturbed, mask).muli(perturbed); // ĝ ⊙ (g − ĝ)
        Transforms.step(mask, false); //              [ĝ_i (g_i − ĝ_i) > 0]
        return Math.round(mask.sumNumber().doubleValue());
    }
}

package org.dl4jsam.updaters.transform;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SANER's mask (Luong et al. 2024, Eq. 12): {@code m_i = 1} iff {@code 0 < ĝ_i/g_i < 1}, computed
 * without division as {@code ĝ_i·(g_i − ĝ_i) > 0}: the product is positive exactly when ĝ_i lies
 * strictly between 0 and g_i. Where {@code g_i = 0} it is {@code −ĝ_i² ≤ 0}, so the element is not
 * masked. The other {@link SanerGroup groups} use one product each in the same way. Three element-wise
 * passes and no buffer beyond the mask.
 */
final class SanerMask {
    private SanerMask() {}

    /**
     * Write the 0/1 mask of SANER proper (group B) into {@code mask}.
     *
     * @return the number of masked elements
     */
    static long compute(INDArray clean, INDArray perturbed, INDArray mask) {
        return compute(SanerGroup.B, clean, perturbed, mask);
    }

    /**
     * Write the 0/1 mask of a group into {@code mask}.
     *
     * @return the number of masked elements
     */
    static long compute(SanerGroup group, INDArray clean, INDArray perturbed, INDArray mask) {
        switch (group) {
            case B -> clean.sub(perturbed, mask).muli(perturbed); //  ĝ ⊙ (g − ĝ) > 0: 0 < r < 1
            case A -> perturbed.sub(clean, mask).muli(clean); //      g ⊙ (ĝ − g) > 0: r > 1
            case C -> clean.mul(perturbed, mask).negi(); //           −g ⊙ ĝ > 0:     r < 0
            case AB -> { //                                           g ⊙ ĝ > 0 and ĝ ≠ g: r > 0, r ≠ 1
                Transforms.abs(perturbed.sub(clean, mask), false);
                Transforms.step(mask, false).muli(clean).muli(perturbed);
            }
        }
        Transforms.step(mask, false);
        return Math.round(org.dl4jsam.updaters.spi.Blas.dot(mask, mask)); // Σm² = Σm for a 0/1 mask, via BLAS
    }
}

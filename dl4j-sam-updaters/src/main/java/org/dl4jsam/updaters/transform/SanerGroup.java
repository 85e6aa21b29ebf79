package org.dl4jsam.updaters.transform;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which elements SANER re-weights, by the ratio {@code r_i = ĝ_i/g_i} (Luong et al. 2024, §3.2 and
 * the group ablations of §4.3): the paper's groups A ({@code r > 1}), B ({@code 0 < r < 1}) and C
 * ({@code r < 0}). Each test is division-free, one product per element; {@code g_i = 0} is never
 * selected.
 */
public enum SanerGroup {
    /** Group B, SANER proper: {@code 0 < r < 1}, i.e. {@code ĝ·(g − ĝ) > 0}. */
    B,
    /** Group A: {@code r > 1}, i.e. {@code g·(ĝ − g) > 0}. */
    A,
    /** Group C: {@code r < 0}, i.e. {@code g·ĝ < 0}. */
    C,
    /** Groups A and B together: {@code r > 0} and {@code r ≠ 1}, i.e. {@code g·ĝ > 0} and {@code ĝ ≠ g}. */
    AB;

    /**
     * Write this group's 0/1 mask of {@code g} against {@code ĝ} into {@code mask} (same shapes).
     *
     * @param clean g
     * @param perturbed ĝ
     * @param mask the output
     * @return the number of selected elements
     */
    public long mask(INDArray clean, INDArray perturbed, INDArray mask) {
        return SanerMask.compute(this, clean, perturbed, mask);
    }
}

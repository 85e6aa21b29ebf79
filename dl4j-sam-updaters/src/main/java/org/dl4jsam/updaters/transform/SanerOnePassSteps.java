package org.dl4jsam.updaters.transform;

/**
 * What SANER does on a step without a second pass (AE-SAM's, SS-SAM's and LookSAM's one-pass steps),
 * where there is no {@code ĝ} to compare with {@code g}. None of the papers defines it.
 */
public enum SanerOnePassSteps {
    /** Hand the one-pass gradient on unchanged (the default). */
    UNCHANGED,
    /**
     * Down-weight the one-pass gradient (plain {@code g}, or LookSAM's reconstructed direction) with the
     * mask of the last two-pass step: {@code (1 − α·m_last) ⊙ g}. Keeps the mask as array state (one
     * parameter-sized buffer). Only with {@link SanerMode#DOWNWEIGHT}.
     */
    REUSE_LAST_MASK
}

package org.dl4jsam.updaters.transform;

/** What SANER does with the masked elements of the SAM gradient (Luong et al. 2024). */
public enum SanerMode {
    /** SANER proper, Eq. 13: {@code g = (1 − α·m) ⊙ ĝ}. */
    DOWNWEIGHT,
    /** The SGD-D ablation of §3.3: masked elements of {@code ĝ} are replaced by those of {@code g}. */
    REPLACE_WITH_SGD
}

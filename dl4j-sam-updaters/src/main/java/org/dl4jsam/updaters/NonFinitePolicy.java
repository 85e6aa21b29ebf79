package org.dl4jsam.updaters;

/** What a SAM step does when {@code g} or {@code ĝ} has a NaN or infinite entry. */
public enum NonFinitePolicy {
    /** Throw {@link NonFiniteGradientException} from {@code fit}; weights and updater state are left unchanged. */
    FAIL,
    /**
     * Skip the step: weights (and the state of {@link SharpnessAwareUpdater} layers' base updaters)
     * are left unchanged and training continues; the diagnostics say the step was skipped.
     */
    SKIP_STEP
}

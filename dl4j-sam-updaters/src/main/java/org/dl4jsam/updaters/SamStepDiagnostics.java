package org.dl4jsam.updaters;

/**
 * What one sharpness-aware step did, for listeners and reports. Losses include DL4J's
 * regularization score; norms are of batch-mean gradients over trainable parameters. Values that
 * do not apply to the step (no second pass, no transform) are NaN.
 *
 * @param iteration the model's iteration count at the step
 * @param epoch the model's epoch count at the step
 * @param secondPass whether the perturbed pass ran
 * @param skipped whether the step was skipped for a non-finite gradient
 * @param cleanLoss {@code L(w)}
 * @param perturbedLoss {@code L(w+ε)}
 * @param gradientNorm {@code ‖g‖}
 * @param perturbedGradientNorm {@code ‖ĝ‖}
 * @param cosine {@code cos(g, ĝ)}
 * @param perturbationNorm {@code ‖ε‖}
 * @param maskedFraction fraction of trainable entries a transform re-weighted (SANER's |S_dw|/d)
 * @param transformCoefficient the transform's current coefficient (SANER's α_t)
 * @param secondPassFraction fraction of steps so far that took the second pass
 * @param stepNanos wall time of the whole SAM step inside the listener, second pass included
 * @param secondPassNanos wall time of the second forward/backward pass
 */
public record SamStepDiagnostics(
        int iteration,
        int epoch,
        boolean secondPass,
        boolean skipped,
        double cleanLoss,
        double perturbedLoss,
        double gradientNorm,
        double perturbedGradientNorm,
        double cosine,
        double perturbationNorm,
        double maskedFraction,
        double transformCoefficient,
        double secondPassFraction,
        long stepNanos,
        long secondPassNanos) {

    /** {@code L(w+ε) − L(w)}, the sharpness estimate of the step (NaN without a second pass). */
    public double sharpness() {
        return perturbedLoss - cleanLoss;
    }

    /** Wall time of the step's own work, i.e. everything but the second pass. */
    public long overheadNanos() {
        return stepNanos - secondPassNanos;
    }
}

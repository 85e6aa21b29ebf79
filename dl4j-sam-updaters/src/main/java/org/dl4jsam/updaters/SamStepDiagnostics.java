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
 * @param values the named diagnostics the step's rules reported (SANER's
 *     {@code saner.maskedFraction} and {@code saner.alpha}, …), in report order
 * @param secondPassFraction fraction of steps so far that took the second pass
 * @param stepNanos wall time of the whole SAM step inside the listener, second pass included
 * @param secondPassNanos wall time of the second forward/backward pass
 * @param passes forward/backward passes the step ran, DL4J's first included (forward-only scorings count ½)
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
        java.util.Map<String, Double> values,
        double secondPassFraction,
        long stepNanos,
        long secondPassNanos,
        double passes) {

    /**
     * Makes an unmodifiable copy of {@code values}.
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
     * @param values the named diagnostics the step's rules reported
     * @param secondPassFraction fraction of steps so far that took the second pass
     * @param stepNanos wall time of the whole SAM step
     * @param secondPassNanos wall time of the second forward/backward pass
     * @param passes forward/backward passes the step ran, DL4J's first included (2 for SAM, 3 for logit-SAM;
     *     a forward-only scoring counts ½)
     */
    public SamStepDiagnostics {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /**
     * @param name the diagnostic's name, e.g. {@code "saner.maskedFraction"}
     * @return its value on this step, or NaN when no rule reported it
     */
    public double value(String name) {
        Double value = values.get(name);
        return value == null ? Double.NaN : value;
    }

    /** @return {@code L(w+ε) − L(w)}, the sharpness estimate of the step (NaN without a second pass) */
    public double sharpness() {
        return perturbedLoss - cleanLoss;
    }

    /** @return wall time of the step's own work, i.e. everything but the second pass */
    public long overheadNanos() {
        return stepNanos - secondPassNanos;
    }
}

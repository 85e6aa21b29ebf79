package org.dl4jsam.updaters;

/** Runtime of a {@link GradientTransformConfig}: rewrites {@link StepContext#gradient()} in place. */
@FunctionalInterface
public interface GradientTransformRule {

    /** Transform {@code ĝ} (in {@link StepContext#gradient()}) using {@code g}; report what was done. */
    TransformOutcome apply(StepContext context);

    /**
     * What a transform did, for diagnostics.
     *
     * @param maskedFraction fraction of trainable entries the transform re-weighted (NaN if none)
     * @param coefficient the transform's current coefficient, e.g. SANER's α (NaN if none)
     */
    record TransformOutcome(double maskedFraction, double coefficient) {
        public static final TransformOutcome NONE = new TransformOutcome(Double.NaN, Double.NaN);
    }
}

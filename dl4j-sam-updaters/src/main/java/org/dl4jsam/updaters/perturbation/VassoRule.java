package org.dl4jsam.updaters.perturbation;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.StepContext;

/**
 * Runtime of {@link VassoPerturbationConfig}: the direction {@code d} is the average, started at the first
 * gradient as the official code and SANER's code do.
 */
final class VassoRule extends AveragingRule {
    private final VassoPerturbationConfig config;

    VassoRule(VassoPerturbationConfig config) {
        super("VaSSO");
        this.config = config;
    }

    @Override
    public double perturb(StepContext context) {
        double theta = config.theta();
        if (started) {
            average.muli(1 - theta); //                                   d ← (1−θ)·d
            Blas.axpy(theta / context.gradientScale(), context.gradient(), average); // + θ·g_mean
        } else {
            started = true;
            Blas.axpy(1.0 / context.gradientScale(), context.gradient(), average.assign(0)); // d_0 = g_mean
        }
        double norm = Blas.norm2(average);
        double ratio = config.rho() / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
        Blas.axpy(ratio, average, context.params()); //               w += ρ·d/‖d‖
        return ratio * norm;
    }
}

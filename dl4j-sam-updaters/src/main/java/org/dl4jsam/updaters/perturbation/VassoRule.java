package org.dl4jsam.updaters.perturbation;

import java.util.Map;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link VassoPerturbationConfig}: the average {@code d} as array state, started at the first
 * gradient as the official code and SANER's code do.
 */
final class VassoRule implements PerturbationRule {
    private static final String STARTED = "started";

    private final VassoPerturbationConfig config;
    private INDArray average;
    private boolean started;

    VassoRule(VassoPerturbationConfig config) {
        this.config = config;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public void setStateView(INDArray view) {
        average = view;
    }

    @Override
    public Map<String, Double> scalarState() {
        return Map.of(STARTED, started ? 1.0 : 0.0);
    }

    @Override
    public void restoreScalarState(Map<String, Double> state) {
        Double value = state.get(STARTED);
        if (value == null || state.size() != 1) {
            throw new IllegalArgumentException("VaSSO state must hold '" + STARTED + "', got " + state.keySet());
        }
        started = value != 0;
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

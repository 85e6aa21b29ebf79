package org.dl4jsam.updaters.perturbation;

import java.util.Map;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link FsamPerturbationConfig}: the estimate {@code m} as array state, a flag for the first step. */
final class FsamRule implements PerturbationRule {
    private static final String STARTED = "started";

    private final FsamPerturbationConfig config;
    private INDArray estimate;
    private boolean started;

    FsamRule(FsamPerturbationConfig config) {
        this.config = config;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public void setStateView(INDArray view) {
        estimate = view;
    }

    @Override
    public Map<String, Double> scalarState() {
        return Map.of(STARTED, started ? 1.0 : 0.0);
    }

    @Override
    public void restoreScalarState(Map<String, Double> state) {
        Double value = state.get(STARTED);
        if (value == null || state.size() != 1) {
            throw new IllegalArgumentException("F-SAM state must hold '" + STARTED + "', got " + state.keySet());
        }
        started = value != 0;
    }

    @Override
    public double perturb(StepContext context) {
        INDArray gradient = context.gradient(); //                      s·g (s: the batch-sum scale)
        double scale = context.gradientScale();
        double sigma = config.sigma();
        double lambda = config.lambda();
        if (!started) {
            started = true;
            estimate.assign(gradient).divi(scale); //                   m = g, ε is SAM's
        } else {
            Blas.axpy(-sigma * scale, estimate, gradient); //           s·d = s·(g − σ·m_{t−1})
            // m_t = λ·m + (1−λ)·g with g = d + σ·m: (λ + (1−λ)σ)·m + (1−λ)·d
            estimate.muli(lambda + (1 - lambda) * sigma);
            Blas.axpy((1 - lambda) / scale, gradient, estimate);
        }
        double norm = Blas.norm2(gradient) / scale;
        double ratio = config.rho() / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
        Blas.axpy(ratio / scale, gradient, context.params()); //        w += ρ·d/‖d‖
        return ratio * norm;
    }
}

package org.dl4jsam.updaters.perturbation;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link FsamPerturbationConfig}: the estimate {@code m} is the average, started at the first g. */
final class FsamRule extends AveragingRule {
    private final FsamPerturbationConfig config;

    FsamRule(FsamPerturbationConfig config) {
        super("F-SAM");
        this.config = config;
    }

    @Override
    public double perturb(StepContext context) {
        INDArray gradient = context.gradient(); //                      s·g (s: the batch-sum scale)
        double scale = context.gradientScale();
        double sigma = config.sigma();
        double lambda = config.lambda();
        if (!started) {
            started = true;
            average.assign(gradient).divi(scale); //                    m = g, ε is SAM's
        } else {
            Blas.axpy(-sigma * scale, average, gradient); //            s·d = s·(g − σ·m_{t−1})
            // m_t = λ·m + (1−λ)·g with g = d + σ·m: (λ + (1−λ)σ)·m + (1−λ)·d
            average.muli(lambda + (1 - lambda) * sigma);
            Blas.axpy((1 - lambda) / scale, gradient, average);
        }
        double norm = Blas.norm2(gradient) / scale;
        double ratio = config.rho() / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
        Blas.axpy(ratio / scale, gradient, context.params()); //        w += ρ·d/‖d‖
        return ratio * norm;
    }
}

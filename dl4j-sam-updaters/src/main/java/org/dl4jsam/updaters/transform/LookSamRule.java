package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link LookSamConfig}: the stored direction {@code g_v} as array state. */
final class LookSamRule implements GradientTransformRule {
    private final double a;
    private INDArray orthogonal;

    LookSamRule(double a) {
        this.a = a;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public void setStateView(INDArray view) {
        orthogonal = view;
    }

    @Override
    public void apply(StepContext context) {
        INDArray gradient = context.gradient();
        if (context.tookSecondPass()) {
            INDArray clean = context.cleanGradient();
            double cleanSquared = Blas.dot(clean, clean);
            orthogonal.assign(gradient); //                             g_v = ĝ
            if (cleanSquared > 0) {
                Blas.axpy(-Blas.dot(gradient, clean) / cleanSquared, clean, orthogonal); // − (ĝ·g/‖g‖²)g
            }
            double norm = Blas.norm2(orthogonal);
            if (norm <= LookSamConfig.NEGLIGIBLE * Blas.norm2(gradient)) {
                orthogonal.assign(0); // ĝ ∥ g up to rounding (ρ = 0): no direction to reuse
            }
            return;
        }
        double storedNorm = Blas.norm2(orthogonal);
        if (storedNorm == 0) {
            return; //                                                  nothing stored yet: g
        }
        double norm = Blas.norm2(gradient);
        Blas.axpy(a * norm / storedNorm, orthogonal, gradient); //       g + a·(‖g‖/‖g_v‖)·g_v
    }
}

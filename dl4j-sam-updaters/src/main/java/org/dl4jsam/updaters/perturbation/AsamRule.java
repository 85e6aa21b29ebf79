package org.dl4jsam.updaters.perturbation;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.ParameterKind;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Runtime of {@link AsamPerturbationConfig}: {@code ε = ρ·T²g/‖Tg‖} in two scratch buffers of its own. */
final class AsamRule implements PerturbationRule {
    private final AsamPerturbationConfig config;
    private INDArray scale;
    private INDArray scaledGradient;

    AsamRule(AsamPerturbationConfig config) {
        this.config = config;
    }

    @Override
    public int scratchBuffers() {
        return 2;
    }

    @Override
    public void setScratchBuffers(INDArray[] buffers) {
        scale = buffers[0];
        scaledGradient = buffers[1];
    }

    private boolean scaled(ParameterSegment segment) {
        return config.allParameters()
                || segment.kind() == ParameterKind.WEIGHT
                || segment.kind() == ParameterKind.BATCHNORM_GAMMA;
    }

    @Override
    public double perturb(StepContext context) {
        scale.assign(1.0); //                                          T (1 where not scaled)
        for (ParameterSegment segment : context.segments()) {
            if (segment.trainable() && segment.length() > 0 && scaled(segment)) {
                var range = NDArrayIndex.interval(segment.start(), segment.end());
                INDArray t = scale.get(range).assign(context.params().get(range));
                Transforms.abs(t, false).addi(config.eta()); //         |w| + η, in place
            }
        }
        context.gradient().mul(scale, scaledGradient); //               T·g (non-trainable entries: g = 0)
        double norm = Blas.norm2(scaledGradient) / context.gradientScale();
        double ratio = config.rho() / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
        scaledGradient.muli(scale); //                                  T²·g
        Blas.axpy(ratio / context.gradientScale(), scaledGradient, context.params()); // w += ρ·T²g/‖Tg‖
        return ratio * Blas.norm2(scaledGradient) / context.gradientScale();
    }
}

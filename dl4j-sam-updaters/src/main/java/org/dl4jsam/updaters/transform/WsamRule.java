package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime of {@link WsamConfig}. Decoupled, the sharpness term {@code ĝ − g} waits in the weight backup from
 * {@code apply} to {@code afterUpdate}, where each parameter moves by its own layer's learning rate.
 */
final class WsamRule implements GradientTransformRule {
    private final double alpha;
    private final boolean decoupled;
    private boolean pending;

    WsamRule(double alpha, boolean decoupled) {
        this.alpha = alpha;
        this.decoupled = decoupled;
    }

    @Override
    public void apply(StepContext context) {
        pending = false;
        if (!context.tookSecondPass()) {
            return;
        }
        INDArray gradient = context.gradient();
        INDArray clean = context.cleanGradient();
        if (!decoupled) {
            gradient.muli(alpha); //                          α·ĝ
            Blas.axpy(1 - alpha, clean, gradient); //         + (1−α)·g = g + α(ĝ − g)
            return;
        }
        context.borrowWeightBackup().assign(gradient).subi(clean); // s = ĝ − g (batch-sum scale)
        gradient.assign(clean); //                                    the base updater gets g
        pending = true;
    }

    @Override
    public void afterUpdate(StepContext context) {
        if (!pending) {
            return;
        }
        pending = false;
        INDArray sharpness = context.borrowWeightBackup();
        double perExample = alpha / context.gradientScale();
        if (context.hasOneLearningRate()) {
            Blas.axpy(-context.learningRate() * perExample, sharpness, context.params()); // w −= lr·α·(ĝ − g)
            return;
        }
        for (ParameterSegment segment : context.segments()) { // each layer's own rate, as the authors' groups
            if (segment.trainable() && segment.length() > 0) {
                var range = NDArrayIndex.interval(segment.start(), segment.end());
                Blas.axpy(
                        -context.learningRate(segment) * perExample,
                        sharpness.get(range),
                        context.params().get(range));
            }
        }
    }
}

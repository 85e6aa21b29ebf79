package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link MicroBatchStepConfig}. */
final class MicroBatchStep implements StepAlgorithm {
    private final int microBatchSize;

    MicroBatchStep(int microBatchSize) {
        this.microBatchSize = microBatchSize;
    }

    @Override
    public double computeGradient(SecondPasses passes) {
        Batch batch = passes.batch();
        long size = batch.size();
        if (size <= microBatchSize) {
            passes.perturb();
            return passes.computeGradient();
        }
        long parts = (size + microBatchSize - 1) / microBatchSize;
        INDArray gradient = passes.context().gradient();
        INDArray sum = passes.context().scratch(1);
        sum.assign(0);
        double loss = 0;
        for (long i = 0; i < parts; i++) {
            Batch part = batch.rows(i * microBatchSize, Math.min(size, (i + 1) * microBatchSize));
            if (i > 0) {
                passes.restoreWeights();
            }
            passes.computeGradient(part); //                       g_i at w
            passes.defineAscentFrom(part.size());
            passes.perturb(); //                                    w + ε_i
            loss += passes.computeGradient(part); //                ĝ_i at w + ε_i (sum over the part)
            Blas.axpy((double) size / (parts * part.size()), gradient, sum); // mean of means, at batch-sum scale
        }
        gradient.assign(sum);
        return loss / parts;
    }
}

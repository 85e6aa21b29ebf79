package org.dl4jsam.updaters.step;

import java.util.function.ToDoubleFunction;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The micro-batch loop shared by m-sharpness and the per-group forms of J-SAM / logit-SAM: for each consecutive
 * micro-batch, its gradient at {@code w} defines its own ε, the caller's group step leaves the micro-batch's
 * gradient in the view, and the step hands on the mean of the micro-batch means at the batch's scale.
 */
final class MicroBatches {
    private MicroBatches() {}

    /**
     * @param passes the step's passes (the batch larger than {@code m})
     * @param sum a parameter-sized scratch buffer of the calling step algorithm (the running sum)
     * @param m examples per micro-batch
     * @param group from the micro-batch (weights at w, its ε defined), its gradient into the view; returns its loss
     * @return the mean loss over the micro-batches
     */
    static double meanOverGroups(SecondPasses passes, INDArray sum, int m, ToDoubleFunction<Batch> group) {
        Batch batch = passes.batch();
        long size = batch.size();
        long parts = (size + m - 1) / m;
        INDArray gradient = passes.context().gradient();
        sum.assign(0);
        double loss = 0;
        for (long i = 0; i < parts; i++) {
            Batch part = batch.rows(i * m, Math.min(size, (i + 1) * m));
            if (i > 0) {
                passes.restoreWeights();
            }
            passes.computeGradient(part); //                       g_i at w
            passes.defineAscentFrom(part.size());
            loss += group.applyAsDouble(part);
            Blas.axpy((double) size / (parts * part.size()), gradient, sum); // mean of means, at batch-sum scale
        }
        gradient.assign(sum);
        return loss / parts;
    }
}

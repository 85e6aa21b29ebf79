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
        boolean moved = false;
        for (long i = 0; i < parts; i++) {
            Batch part = oneExampleMasks(batch.rows(i * m, Math.min(size, (i + 1) * m)));
            if (part == null) {
                continue; // every example masked out: no loss, no gradient, no ε — it adds zero to the mean
            }
            if (moved) {
                passes.restoreWeights();
            }
            moved = true;
            passes.computeGradient(part); //                       g_i at w
            passes.defineAscentFrom(part.size());
            loss += group.applyAsDouble(part);
            Blas.axpy((double) size / (parts * part.size()), gradient, sum); // mean of means, at batch-sum scale
        }
        gradient.assign(sum);
        return loss / parts;
    }

    /**
     * A part whose label masks leave every example out is skipped (null). ND4J reads the {@code [1, 1]} label mask
     * of a one-example part as a per-output mask, which softmax losses refuse; a 1 there is the same as no mask and
     * is dropped, other weights are refused.
     */
    private static Batch oneExampleMasks(Batch part) {
        if (part.isMaskedOut()) {
            return null;
        }
        INDArray[] masks = part.labelMasks();
        if (masks == null || part.size() != 1) {
            return part;
        }
        boolean changed = false;
        for (int i = 0; i < masks.length; i++) {
            if (masks[i] != null && masks[i].length() == 1) {
                double weight = masks[i].getDouble(0);
                if (weight != 1 && weight != 0) {
                    throw new IllegalArgumentException("a per-example label mask of " + weight + " on a one-example "
                            + "micro-batch: ND4J reads a [1, 1] mask as a per-output mask; use masks of 0 and 1, "
                            + "or a larger micro-batch");
                }
                masks[i] = weight == 1 ? null : masks[i];
                changed |= weight == 1;
            }
        }
        return changed
                ? part.withLabelMasks(java.util.Arrays.stream(masks).allMatch(java.util.Objects::isNull) ? null : masks)
                : part;
    }
}

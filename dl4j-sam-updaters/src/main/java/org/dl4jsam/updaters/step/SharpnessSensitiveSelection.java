package org.dl4jsam.updaters.step;

import java.util.Arrays;
import java.util.Comparator;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link SharpnessSensitiveSelectionConfig}: ESAM's SDS step, as the official code runs it — each
 * example's loss at {@code w} taken from the step's own first pass (training mode), one training-mode forward pass
 * at {@code w + ε} over the batch, and the second forward/backward pass on the selected examples only.
 */
final class SharpnessSensitiveSelection implements StepAlgorithm {
    private final SharpnessSensitiveSelectionConfig config;

    SharpnessSensitiveSelection(SharpnessSensitiveSelectionConfig config) {
        this.config = config;
    }

    @Override
    public double computeGradient(SecondPasses passes) {
        Batch batch = passes.batch();
        long size = batch.size();
        int k = config.selected(size);
        if (k >= size) {
            passes.perturb();
            return passes.computeGradient();
        }
        INDArray firstPass = passes.firstPassExampleLosses(); // kept from DL4J's pass: no scoring at w
        double[] before = (firstPass != null ? firstPass : passes.trainingModeExampleLosses()).toDoubleVector();
        passes.perturb();
        double[] after = passes.trainingModeExampleLosses().toDoubleVector();
        long[] rows = select(before, after, k);
        double loss = passes.computeGradient(batch.select(rows)); // Σ over the k rows
        passes.context().gradient().muli((double) size / k); //   the k rows' mean, at the batch-sum scale
        return loss;
    }

    /**
     * @return the k rows with the largest {@code after − before}, ties to the lower row, in row order
     */
    static long[] select(double[] before, double[] after, int k) {
        Integer[] order = new Integer[before.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -(after[i] - before[i])));
        long[] rows = new long[k];
        for (int i = 0; i < k; i++) {
            rows[i] = order[i];
        }
        Arrays.sort(rows);
        return rows;
    }
}

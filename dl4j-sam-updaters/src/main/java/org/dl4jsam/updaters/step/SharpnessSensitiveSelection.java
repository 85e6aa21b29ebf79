package org.dl4jsam.updaters.step;

import java.util.Arrays;
import java.util.Comparator;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepAlgorithm;

/** Runtime of {@link SharpnessSensitiveSelectionConfig}: ESAM's SDS step. */
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
        double[] before = passes.exampleLosses(batch).toDoubleVector();
        passes.perturb();
        double[] after = passes.exampleLosses(batch).toDoubleVector();
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

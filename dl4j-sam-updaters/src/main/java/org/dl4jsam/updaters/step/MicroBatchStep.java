package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepAlgorithm;

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
        return MicroBatches.meanOverGroups(passes, microBatchSize, part -> {
            passes.perturb(); //                                    w + ε_i
            return passes.computeGradient(part); //                 ĝ_i at w + ε_i (sum over the part)
        });
    }
}

package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link MicroBatchStepConfig}. */
final class MicroBatchStep implements StepAlgorithm {
    private final int microBatchSize;
    private INDArray sum;

    MicroBatchStep(int microBatchSize) {
        this.microBatchSize = microBatchSize;
    }

    @Override
    public int scratchBuffers() {
        return 1;
    }

    @Override
    public void setScratchBuffers(INDArray[] buffers) {
        sum = buffers[0];
    }

    @Override
    public double computeGradient(SecondPasses passes) {
        Batch batch = passes.batch();
        long size = batch.size();
        if (size <= microBatchSize) {
            passes.perturb();
            return passes.computeGradient();
        }
        return MicroBatches.meanOverGroups(passes, sum, microBatchSize, part -> {
            passes.perturb(); //                                    w + ε_i
            return passes.computeGradient(part); //                 ĝ_i at w + ε_i (sum over the part)
        });
    }
}

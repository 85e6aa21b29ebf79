package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.OutputErrors;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link MixedPointStepConfig}. */
final class MixedPointStep implements StepAlgorithm {
    private final MixedPointStepConfig.PerturbedFactor perturbed;
    private final int microBatchSize;
    private INDArray sum;

    MixedPointStep(MixedPointStepConfig.PerturbedFactor perturbed, int microBatchSize) {
        this.perturbed = perturbed;
        this.microBatchSize = microBatchSize;
    }

    @Override
    public int scratchBuffers() {
        return microBatchSize > 0 ? 1 : 0;
    }

    @Override
    public void setScratchBuffers(INDArray[] buffers) {
        sum = buffers.length == 0 ? null : buffers[0];
    }

    @Override
    public double computeGradient(SecondPasses passes) {
        OutputErrors errors = passes.outputErrors();
        Batch batch = passes.batch();
        long size = batch.size();
        if (microBatchSize == 0 || size <= microBatchSize) {
            return group(passes, errors, null, size); // ε from DL4J's first pass
        }
        return MicroBatches.meanOverGroups(
                passes, sum, microBatchSize, part -> group(passes, errors, part, part.size()));
    }

    /** One ε: weights at w, the group's gradient at w in the view (its δ(w) recorded, except on a first step). */
    private double group(SecondPasses passes, OutputErrors errors, Batch part, long examples) {
        if (perturbed == MixedPointStepConfig.PerturbedFactor.JACOBIAN) {
            INDArray[] atW = errors.last();
            if (!matches(atW, examples)) { // the first step: DL4J's first pass ran before the recorder existed
                pass(passes, part);
                atW = errors.last();
            }
            passes.perturb(); //                                          w + ε
            errors.handOn(atW);
            double loss = pass(passes, part); //                          J(w+ε)ᵀ·δ(w)
            errors.handOn(null);
            return loss;
        }
        passes.perturb(); //                                              w + ε
        double loss = pass(passes, part); // a training-mode pass (BatchNorm, dropout as SAM's): δ(w+ε) recorded
        INDArray[] atPerturbed = errors.last();
        passes.restoreWeights(); //                                       w
        errors.handOn(atPerturbed);
        pass(passes, part); //                                            J(w)ᵀ·δ(w+ε)
        errors.handOn(null);
        return loss; //                                                   L(w+ε), as SAM reports it
    }

    private static double pass(SecondPasses passes, Batch part) {
        return part == null ? passes.computeGradient() : passes.computeGradient(part);
    }

    private static boolean matches(INDArray[] errors, long examples) {
        if (errors == null) {
            return false;
        }
        for (INDArray error : errors) {
            if (error.size(0) != examples) {
                return false;
            }
        }
        return true;
    }
}

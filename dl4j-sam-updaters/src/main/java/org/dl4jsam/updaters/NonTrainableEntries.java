package org.dl4jsam.updaters;

import java.util.List;
import org.dl4jsam.updaters.spi.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The non-trainable entries during a step (BatchNorm running statistics, frozen layers): DL4J carries their
 * update in the gradient view, so the step keeps it out of the rules' way (zero while a rule runs) and hands on
 * the update its {@link BatchNormPolicy} chooses. Two small stashes of those entries only.
 */
final class NonTrainableEntries {
    private final boolean updateBoth;
    private final INDArray[] params;
    private final INDArray[] gradient;
    private final INDArray[] firstPass;
    private final INDArray[] secondPass;

    NonTrainableEntries(ParameterRuns runs, BatchNormPolicy policy, StepBuffers buffers) {
        List<long[]> entries = runs.layout().nonTrainable();
        this.updateBoth = policy == BatchNormPolicy.UPDATE_BOTH;
        this.params = ParameterRuns.views(runs.params(), entries);
        this.gradient = ParameterRuns.views(runs.gradient(), entries);
        this.firstPass = stash(entries, buffers);
        // UPDATE_BOTH keeps the second pass's update apart from the first pass's, so that a rejected second
        // pass can still undo the first one
        this.secondPass = updateBoth ? stash(entries, buffers) : new INDArray[0];
    }

    private static INDArray[] stash(List<long[]> entries, StepBuffers buffers) {
        List<long[]> packed = ParameterRuns.packed(entries);
        long length = packed.isEmpty() ? 0 : packed.get(packed.size() - 1)[1];
        return packed.isEmpty() ? new INDArray[0] : ParameterRuns.views(buffers.allocate(length), packed);
    }

    /** Keep the first pass's update aside and zero it in the gradient. */
    void stashFirstPass() {
        for (int i = 0; i < gradient.length; i++) {
            firstPass[i].assign(gradient[i]);
            gradient[i].assign(0);
        }
    }

    void zero() {
        for (INDArray run : gradient) {
            run.assign(0);
        }
    }

    /** Hand on the first pass's update (KEEP_CLEAN_PASS, one-pass steps, an abandoned second pass). */
    void handOnFirstPass() {
        for (int i = 0; i < gradient.length; i++) {
            gradient[i].assign(firstPass[i]);
        }
    }

    boolean updateBoth() {
        return updateBoth;
    }

    /** UPDATE_BOTH: apply the first pass's update now, so the second pass starts from it. */
    void applyFirstPassNow() {
        if (updateBoth) {
            for (int i = 0; i < params.length; i++) {
                params[i].subi(firstPass[i]);
            }
        }
    }

    /** UPDATE_BOTH: undo {@link #applyFirstPassNow()} (a rejected or abandoned step). */
    void undoFirstPass() {
        if (updateBoth) {
            for (int i = 0; i < params.length; i++) {
                params[i].addi(firstPass[i]);
            }
        }
    }

    /** After a pass in the second half: keep its update (UPDATE_BOTH) and zero it in the gradient. */
    void afterPass() {
        for (int i = 0; i < secondPass.length; i++) {
            secondPass[i].assign(gradient[i]);
        }
        zero();
    }

    /** @return the norm of the kept second-pass update (0 unless UPDATE_BOTH) */
    double secondPassNorm() {
        double norm = 0;
        for (INDArray run : secondPass) {
            norm += Blas.norm2(run);
        }
        return norm;
    }

    /** Hand on the update the policy chooses for a two-pass step. */
    void handOnAfterSecondPass() {
        if (!updateBoth) {
            handOnFirstPass();
            return;
        }
        for (int i = 0; i < gradient.length; i++) {
            gradient[i].assign(secondPass[i]);
        }
    }
}

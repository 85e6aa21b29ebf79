package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameter-sized buffers of one model's step, each allocated once, outside any workspace, in the
 * parameters' data type: the weight backup (lent to transforms once the weights are restored), the copy of
 * {@code g} (only when a transform or the cosine diagnostic reads it), the rules' own scratch buffers, and the
 * checkpoint of the array state that a rejected step puts back (F-SAM's and VaSSO's averages).
 */
final class StepBuffers {
    private final DataType type;
    private final long length;
    private final List<INDArray> ruleScratch = new ArrayList<>();
    private long checkpointEntries;
    private INDArray weightBackup;
    private INDArray cleanGradient;

    StepBuffers(DataType type, long length) {
        this.type = type;
        this.length = length;
    }

    /** An uninitialized array of {@code entries} outside any workspace. */
    @SuppressWarnings("try") // the scope itself is the point: allocate outside any workspace
    INDArray allocate(long entries) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(type, entries);
        }
    }

    INDArray weightBackup() {
        if (weightBackup == null) {
            weightBackup = allocate(length);
        }
        return weightBackup;
    }

    INDArray cleanGradient() {
        if (cleanGradient == null) {
            cleanGradient = allocate(length);
        }
        return cleanGradient;
    }

    /** {@code count} parameter-sized buffers for one rule alone. */
    INDArray[] forRule(int count) {
        INDArray[] buffers = new INDArray[count];
        for (int i = 0; i < count; i++) {
            buffers[i] = allocate(length);
            ruleScratch.add(buffers[i]);
        }
        return buffers;
    }

    /** {@code entries} entries for the checkpoint of the rules' array state. */
    INDArray forCheckpoint(long entries) {
        checkpointEntries += entries;
        return allocate(entries);
    }

    /** @return parameter-sized buffers held (the rules' array state not included; a checkpoint counts whole) */
    int count() {
        long checkpoints = (checkpointEntries + length - 1) / length;
        return (weightBackup == null ? 0 : 1)
                + (cleanGradient == null ? 0 : 1)
                + ruleScratch.size()
                + (int) checkpoints;
    }
}

package org.dl4jsam.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A listener for the tests that records, on the workers, each step's batch, SAM diagnostics and number of
 * forward passes (Spark local mode runs the workers in this JVM, so a static store reaches the test).
 */
final class WorkerRecorder extends StepCapture {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Step>> STEPS = new ConcurrentHashMap<>();

    /** One worker step: the batch it trained on, what the SAM step did, how many forward passes it made. */
    record Step(DataSet batch, SamStepDiagnostics diagnostics, int forwardPasses) {}

    private final String tag;

    WorkerRecorder(String tag) {
        this.tag = tag;
        STEPS.put(tag, java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    static List<Step> steps(String tag) {
        return List.copyOf(STEPS.get(tag));
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        SamStepDiagnostics diagnostics = SharpnessAware.lastStep(model).orElse(null);
        STEPS.get(tag).add(new Step(batch(), diagnostics, takeForwardPasses()));
    }
}

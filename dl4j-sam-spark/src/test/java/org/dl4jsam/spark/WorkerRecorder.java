package org.dl4jsam.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A listener for the tests that records, on the workers, each step's batch, SAM diagnostics and number of
 * forward passes (Spark local mode runs the workers in this JVM, so a static store reaches the test).
 */
final class WorkerRecorder extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Step>> STEPS = new ConcurrentHashMap<>();

    /** One worker step: the batch it trained on, what the SAM step did, how many forward passes it made. */
    record Step(DataSet batch, SamStepDiagnostics diagnostics, int forwardPasses) {}

    private final String tag;
    private transient DataSet batch;
    private transient int forwardPasses;

    WorkerRecorder(String tag) {
        this.tag = tag;
        STEPS.put(tag, java.util.Collections.synchronizedList(new ArrayList<>()));
    }

    static List<Step> steps(String tag) {
        return List.copyOf(STEPS.get(tag));
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        forwardPasses++;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        forwardPasses++;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (model instanceof ComputationGraph graph) {
            batch = new DataSet(graph.getInputs()[0].dup(), graphLabels(graph).dup());
        } else {
            MultiLayerNetwork network = (MultiLayerNetwork) model;
            batch = new DataSet(network.getInput().dup(), network.getLabels().dup());
        }
    }

    /** ComputationGraph has no getter for the labels it holds inside fit (DL4J 1.0.0-M2.1: field {@code labels}). */
    static INDArray graphLabels(ComputationGraph graph) {
        try {
            java.lang.reflect.Field field = ComputationGraph.class.getDeclaredField("labels");
            field.setAccessible(true);
            return ((INDArray[]) field.get(graph))[0];
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        SamStepDiagnostics diagnostics = SharpnessAware.lastStep(model).orElse(null);
        STEPS.get(tag).add(new Step(batch, diagnostics, forwardPasses));
        forwardPasses = 0;
    }
}

package org.dl4jsam.spark;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The part of the tests' worker recorders that watches a step: the batch the model holds when its gradient is
 * computed and the forward passes made since the last step ({@link #takeForwardPasses()} resets the count).
 */
abstract class StepCapture extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private transient DataSet batch;
    private transient int forwardPasses;

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

    /** @return the batch of the current step */
    DataSet batch() {
        return batch;
    }

    /** @return the forward passes since the last call */
    int takeForwardPasses() {
        int passes = forwardPasses;
        forwardPasses = 0;
        return passes;
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
}

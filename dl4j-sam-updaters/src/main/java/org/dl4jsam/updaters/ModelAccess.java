package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The one place that tells {@link MultiLayerNetwork} and {@link ComputationGraph} apart. */
final class ModelAccess {
    private ModelAccess() {}

    static void requireSupported(Model model) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new UnsupportedOperationException("Sharpness-aware training supports MultiLayerNetwork and "
                    + "ComputationGraph, not "
                    + (model == null ? "null" : model.getClass().getName())
                    + " (layer-wise pretraining is not supported)");
        }
    }

    static BaseMultiLayerUpdater<?> updater(Model model) {
        Object updater = model instanceof MultiLayerNetwork mln
                ? mln.getUpdater(true)
                : ((ComputationGraph) model).getUpdater(true);
        if (!(updater instanceof BaseMultiLayerUpdater<?> multiLayerUpdater)) {
            throw new IllegalStateException("Unsupported DL4J updater " + updater + ": call model.init() first");
        }
        return multiLayerUpdater;
    }

    /**
     * An array whose identity changes exactly when DL4J replaces the model's parameter storage (init,
     * setParams of a new array). {@code ComputationGraph.params()} returns a new view object on every
     * call, so for graphs the flattened gradient view (allocated with the parameters) is used instead.
     */
    static INDArray flatParamsIdentity(Model model) {
        return model instanceof MultiLayerNetwork mln ? mln.params() : model.getGradientsViewArray();
    }

    static boolean usesTruncatedBptt(Model model) {
        BackpropType type = model instanceof MultiLayerNetwork mln
                ? mln.getLayerWiseConfigurations().getBackpropType()
                : ((ComputationGraph) model).getConfiguration().getBackpropType();
        return type == BackpropType.TruncatedBPTT;
    }

    static void setScore(Model model, double score) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.setScore(score);
        } else {
            ((ComputationGraph) model).setScore(score);
        }
    }

    static void computeGradientAndScore(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.computeGradientAndScore();
        } else {
            ((ComputationGraph) model).computeGradientAndScore();
        }
    }

    static List<TrainingListener> listeners(Model model) {
        Collection<TrainingListener> listeners =
                model instanceof MultiLayerNetwork mln ? mln.getListeners() : ((ComputationGraph) model).getListeners();
        return listeners == null ? new ArrayList<>() : new ArrayList<>(listeners);
    }

    static void setListeners(Model model, List<TrainingListener> listeners) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.setListeners(listeners);
        } else {
            ((ComputationGraph) model).setListeners(listeners);
        }
    }
}

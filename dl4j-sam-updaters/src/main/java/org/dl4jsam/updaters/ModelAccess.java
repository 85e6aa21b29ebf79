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
import org.dl4jsam.updaters.spi.Batch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    /**
     * The output layers' configurations as the running layers read them, in the order of the model's outputs
     * (changing one's loss takes effect at the next pass).
     */
    static List<org.deeplearning4j.nn.conf.layers.BaseOutputLayer> outputLayers(Model model) {
        List<org.deeplearning4j.nn.conf.layers.BaseOutputLayer> outputs = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : outputLayerRuntimes(model)) {
            outputs.add(outputConf(layer));
        }
        return outputs;
    }

    /** The losses of those outputs that are output layers with a loss function (others are skipped). */
    static List<org.nd4j.linalg.lossfunctions.ILossFunction> outputLosses(Model model) {
        List<org.nd4j.linalg.lossfunctions.ILossFunction> losses = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : outputLayerRuntimes(model)) {
            if (layer != null
                    && layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer out) {
                losses.add(out.getLossFn());
            }
        }
        return losses;
    }

    private static List<org.deeplearning4j.nn.api.Layer> outputLayerRuntimes(Model model) {
        List<org.deeplearning4j.nn.api.Layer> layers = new ArrayList<>();
        if (model instanceof MultiLayerNetwork mln) {
            layers.add(mln.getOutputLayer());
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            for (int i = 0; i < graph.getNumOutputArrays(); i++) {
                layers.add(graph.getOutputLayer(i));
            }
        }
        return layers;
    }

    private static org.deeplearning4j.nn.conf.layers.BaseOutputLayer outputConf(org.deeplearning4j.nn.api.Layer layer) {
        if (!(layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer out)) {
            throw new IllegalStateException(
                    "the model's output " + layer.conf().getLayer().getLayerName()
                            + " is not an output layer with a loss function ("
                            + layer.conf().getLayer().getClass().getSimpleName() + "): J-SAM and logit-SAM need one");
        }
        return out;
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

    /**
     * The batch the model holds inside {@code fit}. {@code ComputationGraph} has no getter for its labels,
     * so they are read from its private field (DL4J 1.0.0-M2.1: {@code labels}).
     */
    static Batch batch(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            if (mln.getMaskArray() != null) {
                throw new UnsupportedOperationException("Step algorithms that split the batch do not support feature "
                        + "masks on a MultiLayerNetwork (label masks are supported). Fix: train the model as a "
                        + "ComputationGraph, or use the default TwoPassStepConfig");
            }
            INDArray labelMask =
                    mln.getOutputLayer() == null ? null : mln.getOutputLayer().getMaskArray();
            return new Batch(
                    new INDArray[] {mln.getInput()},
                    new INDArray[] {mln.getLabels()},
                    null,
                    labelMask == null ? null : new INDArray[] {labelMask});
        }
        ComputationGraph graph = (ComputationGraph) model;
        return new Batch(graph.getInputs(), graphLabels(graph), graph.getInputMaskArrays(), graph.getLabelMaskArrays());
    }

    static void setBatch(Model model, Batch batch) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.setInput(batch.features()[0]);
            mln.setLabels(batch.labels()[0]);
            if (mln.getOutputLayer() != null) { // where MultiLayerNetwork keeps the label mask during fit
                mln.getOutputLayer().setMaskArray(batch.labelMasks() == null ? null : batch.labelMasks()[0]);
            }
        } else {
            ComputationGraph graph = (ComputationGraph) model;
            graph.setInputs(batch.features());
            graph.setLabels(batch.labels());
            graph.setLayerMaskArrays(batch.featureMasks(), batch.labelMasks());
        }
    }

    /**
     * Each example's loss (summed over the outputs, no regularization) in one training-mode forward pass, from
     * DL4J's {@code output(true, …)}: each output layer's loss is applied to a pre-activation recovered from its
     * activation — {@code log p} for softmax (softmax is shift-invariant, so {@code softmax(log p) = p}), {@code
     * logit(p)} for sigmoid, {@code p} itself for identity. Equal to scoring the pass to float rounding, at a third
     * of the cost of DL4J's {@code score(data, true)}, which keeps every activation outside its workspaces.
     *
     * @return the losses, or null when an output is not a 2-d output layer with one of those activations
     */
    static INDArray trainingModeLossesFromOutputs(Model model, Batch batch) {
        List<org.deeplearning4j.nn.api.Layer> layers = outputLayerRuntimes(model);
        for (org.deeplearning4j.nn.api.Layer layer : layers) {
            if (layer == null
                    || !(layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer out)
                    || !invertible(out.getActivationFn())
                    || layer instanceof org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer
                    || layer instanceof org.deeplearning4j.nn.layers.convolution.CnnLossLayer) {
                return null;
            }
        }
        INDArray[] outputs = model instanceof MultiLayerNetwork mln
                ? new INDArray[] {
                    mln.output(
                            batch.features()[0],
                            true,
                            batch.featureMasks() == null ? null : batch.featureMasks()[0],
                            batch.labelMasks() == null ? null : batch.labelMasks()[0])
                }
                : ((ComputationGraph) model).output(true, batch.features(), batch.featureMasks(), batch.labelMasks());
        INDArray sum = null;
        for (int i = 0; i < layers.size(); i++) {
            if (outputs[i].rank() != 2) {
                return null;
            }
            org.deeplearning4j.nn.conf.layers.BaseOutputLayer out = outputConf(layers.get(i));
            org.nd4j.linalg.lossfunctions.ILossFunction loss = out.getLossFn();
            if (loss instanceof org.dl4jsam.updaters.loss.OutputErrorLoss recorder) {
                loss = recorder.getInner();
            }
            INDArray losses = loss.computeScoreArray(
                    batch.labels()[i].castTo(outputs[i].dataType()),
                    recoveredPreActivation(out.getActivationFn(), outputs[i]),
                    out.getActivationFn(),
                    batch.labelMasks() == null ? null : batch.labelMasks()[i]);
            sum = addPerExample(sum, losses);
        }
        return sum;
    }

    /**
     * @param sum per-example values so far, or null
     * @param losses one output's per-example losses ({@code [n]} or {@code [n, 1]})
     * @return their sum as a vector (a new array on the first call, then in place)
     */
    static INDArray addPerExample(INDArray sum, INDArray losses) {
        INDArray column = losses.reshape(losses.length());
        return sum == null ? column.dup() : sum.addi(column);
    }

    private static boolean invertible(org.nd4j.linalg.activations.IActivation activation) {
        return activation instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax
                || activation instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid
                || activation instanceof org.nd4j.linalg.activations.impl.ActivationIdentity;
    }

    /** A pre-activation whose activation (one of the {@link #invertible} ones) gives {@code p}. */
    private static INDArray recoveredPreActivation(org.nd4j.linalg.activations.IActivation activation, INDArray p) {
        if (activation instanceof org.nd4j.linalg.activations.impl.ActivationSoftmax) {
            return Transforms.log(p, true);
        }
        if (activation instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid) {
            return Transforms.log(p, true).subi(Transforms.log(p.rsub(1.0), false));
        }
        return p; // identity
    }

    /** DL4J's score of the batch in a training-mode forward pass (no backward pass; the output losses see it). */
    static void scoreInTrainingMode(Model model, Batch batch) {
        if (model instanceof MultiLayerNetwork mln) {
            mln.score(
                    new DataSet(
                            batch.features()[0],
                            batch.labels()[0],
                            batch.featureMasks() == null ? null : batch.featureMasks()[0],
                            batch.labelMasks() == null ? null : batch.labelMasks()[0]),
                    true);
        } else {
            ((ComputationGraph) model)
                    .score(
                            new MultiDataSet(
                                    batch.features(), batch.labels(), batch.featureMasks(), batch.labelMasks()),
                            true);
        }
    }

    /** Per-example loss at the current weights, without regularization (forward pass only). */
    static INDArray exampleLosses(Model model, Batch batch) {
        if (model instanceof MultiLayerNetwork mln) {
            return mln.scoreExamples(new DataSet(batch.features()[0], batch.labels()[0]), false);
        }
        MultiDataSet data =
                new MultiDataSet(batch.features(), batch.labels(), batch.featureMasks(), batch.labelMasks());
        return ((ComputationGraph) model).scoreExamples(data, false);
    }

    /** {@code ComputationGraph.labels}, looked up once (null when this DL4J version lacks the field). */
    private static final java.lang.reflect.Field GRAPH_LABELS = graphLabelsField();

    private static java.lang.reflect.Field graphLabelsField() {
        try {
            java.lang.reflect.Field field = ComputationGraph.class.getDeclaredField("labels");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static INDArray[] graphLabels(ComputationGraph graph) {
        try {
            if (GRAPH_LABELS == null) {
                throw new NoSuchFieldException("labels");
            }
            return (INDArray[]) GRAPH_LABELS.get(graph);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException(
                    "Cannot read the labels of this ComputationGraph (DL4J version "
                            + "without the private field 'labels'); step algorithms that split the batch need them",
                    e);
        }
    }
}

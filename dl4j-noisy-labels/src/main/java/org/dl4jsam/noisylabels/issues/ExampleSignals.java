package org.dl4jsam.noisylabels.issues;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Per-example training signals collected inside DL4J's own {@code fit()}, with any updater (SAM presets or plain
 * DL4J ones): at every step, from the training forward pass at the step's weights (before the update), each
 * example's loss, its margin {@code z_y − max_{j≠y} z_j} (Pleiss et al. 2020, "Identifying mislabeled data using
 * the area under the margin ranking") and its predicted probabilities. DL4J hands listeners the activations of
 * every layer but the output one; the output layer's pre-activations are recomputed from its input (one
 * {@code [n, H]×[H, C]} product per step — no second forward pass), and its loss is the layer's own loss function
 * ({@code computeScoreArray}). A SAM step's second forward pass (at the perturbed weights) is not recorded.
 *
 * <p>Example identity comes from the batch's example indices: train on {@link #track(DataSetIterator)} over an
 * index-aware iterator (e.g. {@code NoisyLabelIterator}, whose batches carry their indices as example metadata).
 * Attach with {@code setListeners} before {@code SharpnessAware.attachTo} (which keeps the SAM listener first).
 */
public final class ExampleSignals extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int numExamples;
    private final int numClasses;
    private final double[] lossSum;
    private final double[] marginSum;
    private final double[] lastMargin;
    private final int[] steps;
    private final double[] probabilitySum;
    private final int[] givenLabels;
    private transient int[] batchIndices;
    private transient boolean recorded;
    private transient INDArray batchLabels;

    /**
     * @param numExamples N, the examples the indices refer to
     * @param numClasses C
     */
    public ExampleSignals(int numExamples, int numClasses) {
        if (numExamples < 1 || numClasses < 2) {
            throw new IllegalArgumentException("ExampleSignals: " + numExamples + " examples and " + numClasses
                    + " classes; need at least one example and two classes");
        }
        this.numExamples = numExamples;
        this.numClasses = numClasses;
        this.lossSum = new double[numExamples];
        this.marginSum = new double[numExamples];
        this.lastMargin = new double[numExamples];
        this.steps = new int[numExamples];
        this.probabilitySum = new double[numExamples * numClasses];
        this.givenLabels = new int[numExamples];
        java.util.Arrays.fill(givenLabels, -1);
    }

    /**
     * The iterator to train on: it tells the signals which examples each batch holds. It never prefetches (DL4J's
     * asynchronous wrapper would run ahead of the step).
     *
     * @param iterator an iterator whose batches carry their example indices ({@code Integer} example metadata)
     * @return the iterator to pass to {@code fit}
     */
    public DataSetIterator track(DataSetIterator iterator) {
        return new Tracked(iterator);
    }

    /**
     * Records a batch's indices directly (for training loops that call {@code fit(DataSet)} themselves).
     *
     * @param batch the batch about to be fitted, carrying its example indices
     */
    public void nextBatch(DataSet batch) {
        List<Serializable> meta = batch.getExampleMetaData();
        if (meta == null || meta.size() != batch.numExamples()) {
            throw new IllegalArgumentException("ExampleSignals: the batch carries no example indices (its "
                    + "exampleMetaData is "
                    + (meta == null ? "empty" : meta.size() + " entries for " + batch.numExamples() + " examples")
                    + "); train on an index-aware iterator such as "
                    + "NoisyLabelIterator, or set each example's Integer index with DataSet.setExampleMetaData");
        }
        int[] indices = new int[meta.size()];
        for (int k = 0; k < indices.length; k++) {
            if (!(meta.get(k) instanceof Integer index) || index < 0 || index >= numExamples) {
                throw new IllegalArgumentException("ExampleSignals: example metadata " + meta.get(k) + " is not an "
                        + "index in [0, " + numExamples + "); the signals were made for " + numExamples + " examples");
            }
            indices[k] = index;
        }
        batchIndices = indices;
        batchLabels = batch.getLabels();
        recorded = false;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        int last = net.getnLayers() - 1;
        record(
                net.getOutputLayer(),
                net.getLayerWiseConfigurations().getConf(last).getLayer(),
                net.getLayerWiseConfigurations().getInputPreProcess(last),
                activations.get(last),
                net.getLabels());
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        ComputationGraph graph = (ComputationGraph) model;
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        if (outputs.size() != 1) {
            throw new IllegalStateException("ExampleSignals: the graph has " + outputs.size()
                    + " outputs; signals are defined for one classification output");
        }
        String output = outputs.get(0);
        List<String> inputs = graph.getConfiguration().getVertexInputs().get(output);
        LayerVertex vertex =
                (LayerVertex) graph.getConfiguration().getVertices().get(output);
        record(
                graph.getLayer(output),
                vertex.getLayerConf().getLayer(),
                vertex.getPreProcessor(),
                activations.get(inputs.get(0)),
                null);
    }

    private void record(
            org.deeplearning4j.nn.api.Layer outputLayer,
            org.deeplearning4j.nn.conf.layers.Layer conf,
            InputPreProcessor preProcessor,
            INDArray input,
            INDArray labels) {
        if (recorded) {
            return; // a SAM step's second forward pass
        }
        if (batchIndices == null) {
            throw new IllegalStateException("ExampleSignals: a training step ran without the batch's example indices; "
                    + "fit on signals.track(iterator) (or call signals.nextBatch(dataSet) before fit(dataSet))");
        }
        if (input.size(0) != batchIndices.length) {
            throw new IllegalStateException("ExampleSignals: the forward pass has " + input.size(0)
                    + " examples but the tracked batch " + batchIndices.length);
        }
        recorded = true;
        INDArray x = preProcessor == null
                ? input
                : preProcessor.preProcess(input, (int) input.size(0), LayerWorkspaceMgr.noWorkspaces());
        IActivation activation;
        ILossFunction loss;
        INDArray z;
        if (conf instanceof BaseOutputLayer out) {
            activation = out.getActivationFn();
            loss = out.getLossFn();
            INDArray weights = outputLayer.getParam("W");
            z = x.reshape(x.size(0), -1).castTo(weights.dataType()).mmul(weights);
            if (out.hasBias()) {
                z.addiRowVector(outputLayer.getParam("b"));
            }
        } else if (conf instanceof LossLayer lossLayer) {
            activation = lossLayer.getActivationFn();
            loss = lossLayer.getLossFn();
            z = x.dup();
        } else {
            throw new IllegalStateException("ExampleSignals: the output layer is a "
                    + conf.getClass().getSimpleName() + "; signals need an OutputLayer or LossLayer");
        }
        if (z.size(1) != numClasses) {
            throw new IllegalStateException(
                    "ExampleSignals: the output has " + z.size(1) + " classes, the signals " + numClasses);
        }
        INDArray y = labels != null ? labels : batchLabels;
        if (y == null) {
            throw new IllegalStateException("ExampleSignals: the batch's labels are unknown; fit on signals.track(…)");
        }
        y = y.castTo(z.dataType());
        INDArray perExampleLoss = loss.computeScoreArray(y, z.dup(), activation, null);
        INDArray probabilities = activation.getActivation(z.dup(), false).castTo(DataType.DOUBLE);
        INDArray logits = z.castTo(DataType.DOUBLE);
        INDArray oneHot = y.castTo(DataType.DOUBLE);
        INDArray given = logits.mul(oneHot).sum(1);
        INDArray others = logits.sub(oneHot.mul(Double.MAX_VALUE / 4)).max(1); // the given class masked out
        double[] margins = given.sub(others).toDoubleVector();
        double[] losses = perExampleLoss.castTo(DataType.DOUBLE).toDoubleVector();
        double[] p = probabilities.data().asDouble();
        int[] label = oneHot.argMax(1).toIntVector();
        for (int k = 0; k < batchIndices.length; k++) {
            int i = batchIndices[k];
            lossSum[i] += losses[k];
            marginSum[i] += margins[k];
            lastMargin[i] = margins[k];
            steps[i]++;
            givenLabels[i] = label[k];
            for (int c = 0; c < numClasses; c++) {
                probabilitySum[i * numClasses + c] += p[k * numClasses + c];
            }
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        recorded = false;
        batchIndices = null;
        batchLabels = null;
    }

    /** @return N */
    public int numExamples() {
        return numExamples;
    }

    /** @return C */
    public int numClasses() {
        return numClasses;
    }

    /**
     * @param i an example
     * @return the training steps it was recorded in
     */
    public int steps(int i) {
        return steps[i];
    }

    /**
     * @param i an example
     * @return its label as training saw it (−1 if never seen)
     */
    public int givenLabel(int i) {
        return givenLabels[i];
    }

    /**
     * @param i an example
     * @return the area under its margin: the mean margin over its steps (NaN if never seen)
     */
    public double areaUnderMargin(int i) {
        return steps[i] == 0 ? Double.NaN : marginSum[i] / steps[i];
    }

    /**
     * @param i an example
     * @return its mean training loss over its steps (NaN if never seen)
     */
    public double meanLoss(int i) {
        return steps[i] == 0 ? Double.NaN : lossSum[i] / steps[i];
    }

    /**
     * @param i an example
     * @return its margin at its most recent step (NaN if never seen)
     */
    public double lastMargin(int i) {
        return steps[i] == 0 ? Double.NaN : lastMargin[i];
    }

    /**
     * @param i an example
     * @return its predicted probabilities averaged over its steps (NaN if never seen)
     */
    public double[] meanProbabilities(int i) {
        double[] out = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            out[c] = steps[i] == 0 ? Double.NaN : probabilitySum[i * numClasses + c] / steps[i];
        }
        return out;
    }

    /**
     * @param signal a signal
     * @param i an example
     * @return its score under that signal (higher: more suspect; NaN if never seen)
     */
    public double score(Signal signal, int i) {
        return switch (signal) {
            case AUM -> -areaUnderMargin(i);
            case LOSS -> meanLoss(i);
            case SELF_CONFIDENCE -> steps[i] == 0
                    ? Double.NaN
                    : 1 - probabilitySum[i * numClasses + givenLabels[i]] / steps[i];
            case LAST_MARGIN -> -lastMargin(i);
        };
    }

    /**
     * @param i an example
     * @return the class with the highest mean predicted probability other than the given label
     */
    public int suggestedLabel(int i) {
        int best = -1;
        for (int c = 0; c < numClasses; c++) {
            if (c != givenLabels[i]
                    && (best < 0 || probabilitySum[i * numClasses + c] > probabilitySum[i * numClasses + best])) {
                best = c;
            }
        }
        return best;
    }

    /**
     * An iterator that reports each batch's indices and labels to the signals when DL4J takes it. It assembles the
     * next batch on a background thread while the current one trains (DL4J's own asynchronous wrapper would report
     * batches before their step, so it is switched off), in the source's order.
     */
    private final class Tracked implements DataSetIterator {
        private static final long serialVersionUID = 1L;
        private final DataSetIterator source;
        private transient java.util.concurrent.ExecutorService worker;
        private transient java.util.concurrent.Future<DataSet> ahead;

        Tracked(DataSetIterator source) {
            this.source = source;
        }

        private java.util.concurrent.ExecutorService worker() {
            if (worker == null) {
                worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "example-signals-prefetch");
                    t.setDaemon(true);
                    return t;
                });
            }
            return worker;
        }

        /** The prefetched batch, waited for; the source is only ever touched by the worker thread. */
        private DataSet take() {
            try {
                return ahead.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while assembling a batch", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                ahead = null;
            }
        }

        private boolean sourceHasNext() {
            try {
                return worker().submit(source::hasNext).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        @Override
        public DataSet next(int num) {
            if (ahead != null) { // a batch of the default size is already being assembled
                throw new UnsupportedOperationException("ExampleSignals.track: next(num) after next(); use next()");
            }
            DataSet batch = source.next(num);
            nextBatch(batch);
            return batch;
        }

        @Override
        public DataSet next() {
            if (ahead == null) {
                ahead = worker().submit(() -> source.next());
            }
            DataSet batch = take();
            nextBatch(batch);
            if (sourceHasNext()) {
                ahead = worker().submit(() -> source.next()); // the next batch, while this one trains
            }
            return batch;
        }

        @Override
        public boolean hasNext() {
            return ahead != null || sourceHasNext();
        }

        @Override
        public int inputColumns() {
            return source.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return source.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return source.resetSupported();
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            if (ahead != null) {
                take();
            }
            try {
                worker().submit(source::reset).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        @Override
        public int batch() {
            return source.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            source.setPreProcessor(preProcessor);
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return source.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return source.getLabels();
        }
    }
}

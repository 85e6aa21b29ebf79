package org.dl4jsam.experiments.issues;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.dl4jsam.experiments.compare.ExperimentConfig;
import org.dl4jsam.experiments.compare.Networks;
import org.dl4jsam.experiments.compare.OptimizerChoice;
import org.dl4jsam.experiments.compare.RunInputs;
import org.dl4jsam.noisylabels.dl4j.CropFlipAugmentation;
import org.dl4jsam.noisylabels.dl4j.NoisyLabelIterator;
import org.dl4jsam.noisylabels.issues.ExampleSignals;
import org.dl4jsam.updaters.SharpnessAware;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training run on given labels: per-example signals collected during {@code fit} over the examples trained on
 * (every one, for the ranking), or the out-of-sample probabilities of held-out examples (a confident-learning fold).
 */
final class SignalRun {
    private SignalRun() {}

    /**
     * Trains on {@code indices} and records every trained example's signals.
     *
     * @return the signals and the training wall time
     */
    static Result train(
            ExperimentConfig config,
            OptimizerChoice optimizer,
            RunInputs inputs,
            int[] labels,
            int[] indices,
            long seed,
            PrintWriter out,
            String name) {
        int batch = config.training().batchSize();
        int stepsPerEpoch = (indices.length + batch - 1) / batch;
        ComputationGraph network =
                Networks.create(config, optimizer, inputs.train(), inputs.userModel(), seed, stepsPerEpoch);
        ExampleSignals signals =
                new ExampleSignals(inputs.train().size(), inputs.train().numClasses());
        List<TrainingListener> listeners = new ArrayList<>(network.getListeners());
        listeners.add(signals);
        network.setListeners(listeners);
        if (optimizer.usesSamStep(config)) {
            SharpnessAware.attachTo(network); // the SAM listener first again
        }
        NoisyLabelIterator iterator = new NoisyLabelIterator(
                inputs.train().features(),
                labels,
                inputs.train().numClasses(),
                indices,
                batch,
                true,
                seed,
                config.data().augment() ? CropFlipAugmentation.STANDARD : null);
        long start = System.nanoTime();
        for (int epoch = 0; epoch < config.training().epochs(); epoch++) {
            iterator.setEpoch(epoch);
            iterator.reset();
            network.fit(signals.track(iterator));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(
                "%-20s %d epochs on %d examples, %.0f s%n",
                name, config.training().epochs(), indices.length, seconds);
        out.flush();
        return new Result(signals, network, seconds);
    }

    /**
     * @param signals the per-example signals
     * @param network the trained network
     * @param seconds training wall time
     */
    record Result(ExampleSignals signals, ComputationGraph network, double seconds) {}

    /**
     * @param network a trained network
     * @param inputs the data
     * @param rows the examples to predict
     * @return their predicted probabilities, {@code [rows][C]}
     */
    static double[][] probabilities(ComputationGraph network, RunInputs inputs, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int start = 0; start < rows.length; start += 512) {
            int[] chunk = java.util.Arrays.copyOfRange(rows, start, Math.min(rows.length, start + 512));
            INDArray p = network.outputSingle(false, inputs.train().features().rows(chunk))
                    .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            for (int k = 0; k < chunk.length; k++) {
                out[start + k] = p.getRow(k).toDoubleVector();
            }
        }
        return out;
    }
}

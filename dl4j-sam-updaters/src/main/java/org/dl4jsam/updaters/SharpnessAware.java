package org.dl4jsam.updaters;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4jsam.updaters.spi.Checks;

/**
 * Entry point: turn sharpness-aware training on for a DL4J model in one call, read its per-step
 * diagnostics, and save/restore a model together with the state of stateful variants (moving
 * statistics, stored directions) so that training continues exactly.
 *
 * <pre>{@code
 * ComputationGraph net = new ComputationGraph(conf);   // conf uses SharpnessAwareUpdater
 * net.init();
 * net.setListeners(new ScoreIterationListener(10));
 * SharpnessAware.attachTo(net);                        // after setListeners
 * net.fit(trainIterator, epochs);
 * }</pre>
 */
public final class SharpnessAware {
    /** Key of the SAM runtime state inside a {@code ModelSerializer} zip file. */
    public static final String STATE_ENTRY = SamStateFile.JSON_ENTRY;
    /** Key of the SAM rules' array state (binary ND4J array) inside a {@code ModelSerializer} zip file. */
    public static final String STATE_ARRAY_ENTRY = SamStateFile.ARRAY_ENTRY;

    private SharpnessAware() {}

    /**
     * Put a {@link SharpnessAwareListener} first in the model's listeners (the model's own SAM
     * configuration is used). Idempotent: an already attached listener is moved to the front.
     *
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}, initialized
     * @return the attached listener
     */
    public static SharpnessAwareListener attachTo(Model model) {
        return attach(model, null);
    }

    /**
     * As {@link #attachTo(Model)}, with an explicit configuration for models without SAM updaters.
     *
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}, initialized
     * @param config the configuration (must equal the model's own, if it has one)
     * @return the attached listener
     */
    public static SharpnessAwareListener attachTo(Model model, SamConfig config) {
        return attach(model, Checks.notNull("SharpnessAware.attachTo", "config", config));
    }

    private static SharpnessAwareListener attach(Model model, SamConfig config) {
        ModelAccess.requireSupported(model);
        List<TrainingListener> listeners = ModelAccess.listeners(model);
        SharpnessAwareListener existing = find(listeners).orElse(null);
        SharpnessAwareListener listener = existing;
        if (existing == null
                || (config != null && !config.equals(existing.explicitConfig().orElse(null)))) {
            listener = new SharpnessAwareListener(config);
        }
        listeners.removeIf(l -> l instanceof SharpnessAwareListener);
        List<TrainingListener> ordered = new ArrayList<>();
        ordered.add(listener);
        ordered.addAll(listeners);
        ModelAccess.setListeners(model, ordered);
        listener.configFor(model); // validates the configuration now rather than at the first step
        return listener;
    }

    /**
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}, initialized
     * @return the attached listener, if any
     */
    public static Optional<SharpnessAwareListener> listenerOf(Model model) {
        return find(ModelAccess.listeners(model));
    }

    /**
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}, initialized
     * @return what the last SAM step on this model did, if one ran
     */
    public static Optional<SamStepDiagnostics> lastStep(Model model) {
        return listenerOf(model).flatMap(l -> l.lastStep(model));
    }

    /**
     * {@code ModelSerializer.writeModel} plus the SAM runtime state of the attached listener (if any):
     * every rule's scalars as JSON ({@value #STATE_ENTRY}) and their array state in binary
     * ({@value #STATE_ARRAY_ENTRY}), in the same zip file. The file holds the weights evaluation belongs at: a
     * transform that keeps the network away from {@code w} between steps (MSAM) moves it back for the write and
     * forward again afterwards.
     *
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}, initialized
     * @param file the zip file to write
     * @param saveUpdater whether to save the base updater's state (needed to continue exactly)
     * @throws IOException if the file cannot be written
     */
    public static void writeModel(Model model, File file, boolean saveUpdater) throws IOException {
        Optional<SharpnessAwareListener> listener = listenerOf(model);
        if (listener.isEmpty()) {
            ModelSerializer.writeModel(model, file, saveUpdater);
            return;
        }
        SamStepEngine engine = listener.get().engine(model);
        boolean training = !engine.atEvaluationPoint();
        engine.moveToEvaluationPoint();
        try {
            ModelSerializer.writeModel(model, file, saveUpdater);
            SamStateFile.write(file, engine.config(), engine.state());
        } finally {
            if (training) {
                engine.moveToTrainingPoint();
            }
        }
    }

    /**
     * Restore a graph written by {@link #writeModel}, attach SAM and restore its runtime state.
     *
     * @param file the zip file
     * @param loadUpdater whether to load the base updater's state
     * @return the graph, ready to continue training
     * @throws IOException if the file cannot be read
     */
    public static ComputationGraph restoreComputationGraph(File file, boolean loadUpdater) throws IOException {
        return restoreComputationGraph(file, loadUpdater, false);
    }

    /**
     * Restore a graph written by {@link #writeModel}, attach SAM and restore its runtime state. A
     * {@code ModelSerializer} file restored with its updater state continues exactly too (the rules' state travels
     * in it); restored without it, a file without SAM state for a configuration that keeps some is an error unless
     * {@code allowFreshSamState}.
     *
     * @param file the zip file
     * @param loadUpdater whether to load the base updater's state
     * @param allowFreshSamState start the SAM state afresh when the file holds none (the next steps then differ
     *     from an uninterrupted run)
     * @return the graph, ready to continue training
     * @throws IOException if the file cannot be read
     * @throws IllegalStateException if the file holds no SAM state that the model needs and fresh state is not allowed
     */
    public static ComputationGraph restoreComputationGraph(File file, boolean loadUpdater, boolean allowFreshSamState)
            throws IOException {
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(file, loadUpdater);
        attachWithState(graph, file, loadUpdater, allowFreshSamState, graph.getIterationCount());
        return graph;
    }

    /**
     * Restore a network written by {@link #writeModel}, attach SAM and restore its runtime state.
     *
     * @param file the zip file
     * @param loadUpdater whether to load the base updater's state
     * @return the network, ready to continue training
     * @throws IOException if the file cannot be read
     */
    public static MultiLayerNetwork restoreMultiLayerNetwork(File file, boolean loadUpdater) throws IOException {
        return restoreMultiLayerNetwork(file, loadUpdater, false);
    }

    /**
     * Restore a network written by {@link #writeModel}; see {@link #restoreComputationGraph(File, boolean, boolean)}.
     *
     * @param file the zip file
     * @param loadUpdater whether to load the base updater's state
     * @param allowFreshSamState start the SAM state afresh when the file holds none
     * @return the network, ready to continue training
     * @throws IOException if the file cannot be read
     * @throws IllegalStateException if the file holds no SAM state that the model needs and fresh state is not allowed
     */
    public static MultiLayerNetwork restoreMultiLayerNetwork(File file, boolean loadUpdater, boolean allowFreshSamState)
            throws IOException {
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(file, loadUpdater);
        attachWithState(network, file, loadUpdater, allowFreshSamState, network.getIterationCount());
        return network;
    }

    /**
     * The rules' state (AE-SAM's statistics, F-SAM's and VaSSO's averages, LookSAM's direction, MSAM's offset) also
     * travels in the updater state, so a plain {@code ModelSerializer} file restored with its updater continues
     * exactly; restored without it, only a {@link #writeModel} file holds that state.
     */
    private static void attachWithState(
            Model model, File file, boolean loadUpdater, boolean allowFresh, int iterations) {
        SharpnessAwareListener listener = attachTo(model);
        SamStepEngine engine = listener.engine(model);
        java.util.Optional<SamRuntimeState> state = SamStateFile.read(file, engine.config());
        if (state.isPresent()) {
            engine.restoreState(state.get());
        } else if (!allowFresh && iterations > 0 && !loadUpdater && engine.keepsState()) {
            throw new IllegalStateException(file + " holds no SAM state (entry " + STATE_ENTRY + "), but the model has "
                    + "trained " + iterations + " iterations with " + engine.config() + ", which keeps state between "
                    + "steps: it was saved with ModelSerializer rather than SharpnessAware.writeModel and is restored "
                    + "without its updater state. Restore with loadUpdater = true or save with "
                    + "SharpnessAware.writeModel to continue exactly, or restore with allowFreshSamState = true to start "
                    + "the SAM state afresh");
        } else if (allowFresh && !loadUpdater) {
            engine.acceptFreshState(); // asked for: no warning at the first step
        }
        engine.moveToTrainingPoint(); // ready to continue: MSAM's network at w̃ again
    }

    private static Optional<SharpnessAwareListener> find(List<TrainingListener> listeners) {
        return listeners.stream()
                .filter(SharpnessAwareListener.class::isInstance)
                .map(SharpnessAwareListener.class::cast)
                .findFirst();
    }
}

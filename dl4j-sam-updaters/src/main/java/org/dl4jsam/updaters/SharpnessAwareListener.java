package org.dl4jsam.updaters;

import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The DL4J training listener that performs the second pass of a sharpness-aware step inside
 * {@code fit()}, from {@code onGradientCalculation} (after the first forward/backward pass, before
 * the updater reads the gradient). Its configuration comes from the model's
 * {@link SharpnessAwareUpdater}s or from the constructor. Runtime state (buffers, statistics) is
 * transient and kept per model, so one serializable instance may serve several model replicas at
 * once (Spark, {@code ParallelWrapper}). Attach with {@link SharpnessAware#attachTo}, which puts it
 * before all other listeners.
 */
public final class SharpnessAwareListener extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final SamConfig explicitConfig;
    private transient WeakIdentityMap<Model, SamStepEngine> engines;

    /** A listener that reads its configuration from the model's {@link SharpnessAwareUpdater}s. */
    public SharpnessAwareListener() {
        this(null);
    }

    /**
     * A listener with an explicit configuration, for models trained with plain DL4J updaters.
     *
     * @param explicitConfig the configuration, or null to read it from the model
     */
    public SharpnessAwareListener(SamConfig explicitConfig) {
        this.explicitConfig = explicitConfig;
    }

    /** @return the explicit configuration, if one was given */
    public Optional<SamConfig> explicitConfig() {
        return Optional.ofNullable(explicitConfig);
    }

    @Override
    public void onGradientCalculation(Model model) {
        SamStepGuard.clear();
        engine(model).step();
    }

    @Override
    public void onEpochStart(Model model) {
        engine(model).epochStarted();
    }

    /** Training pauses: a transform that keeps the weights away from w between steps (MSAM) moves them to w. */
    @Override
    public void onEpochEnd(Model model) {
        SamStepEngine engine = engines().get(model);
        if (engine != null) {
            engine.moveToEvaluationPoint();
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        SamStepGuard.clear();
        SamStepEngine engine = engines().get(model);
        if (engine != null) {
            engine.afterUpdate();
        }
    }

    /**
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return what the last step on this model did, if it took one
     */
    public Optional<SamStepDiagnostics> lastStep(Model model) {
        SamStepEngine engine = engines().get(model);
        return Optional.ofNullable(engine == null ? null : engine.last());
    }

    /**
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return the configuration in force for this model (resolved from the model if needed)
     */
    public SamConfig configFor(Model model) {
        return engine(model).config();
    }

    /**
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return entries of the rules' array state for the model (an EMA of g, a stored direction), in the
     *     parameters' data type; 0 when no rule keeps arrays
     */
    public long stateEntries(Model model) {
        SamStepEngine engine = engines().get(model);
        return engine == null ? 0 : engine.stateEntries();
    }

    /**
     * @param model a {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return number of parameter-sized buffers this listener holds for the model (1 for SAM, 2 for SANER)
     */
    public int bufferCount(Model model) {
        SamStepEngine engine = engines().get(model);
        return engine == null ? 0 : engine.bufferCount();
    }

    SamStepEngine engine(Model model) {
        SamStepEngine engine = engines().computeIfAbsent(model, m -> new SamStepEngine(m, explicitConfig));
        if (!engine.isCurrent()) {
            SamStepEngine rebuilt = new SamStepEngine(model, explicitConfig);
            if (rebuilt.config().equals(engine.config())) {
                rebuilt.restoreState(engine.state());
            }
            engines().put(model, rebuilt);
            engine = rebuilt;
        }
        return engine;
    }

    private synchronized WeakIdentityMap<Model, SamStepEngine> engines() {
        if (engines == null) {
            engines = new WeakIdentityMap<>();
        }
        return engines;
    }

    @Override
    public String toString() {
        return "SharpnessAwareListener(" + (explicitConfig == null ? "config from model" : explicitConfig) + ")";
    }
}

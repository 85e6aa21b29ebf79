package org.dl4jsam.updaters.perturbation;

import java.util.Map;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the averaging perturbations keep (F-SAM's estimate {@code m}, VaSSO's direction {@code d}): one
 * parameter-sized average as array state, and whether the first perturbation has started it.
 */
abstract class AveragingRule implements PerturbationRule {
    private static final String STARTED = "started";

    private final String variant;
    /** The average (a view of the engine's state buffer). */
    INDArray average;
    /** Whether a perturbation has set the average. */
    boolean started;

    AveragingRule(String variant) {
        this.variant = variant;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public void setStateView(INDArray view) {
        average = view;
    }

    @Override
    public Map<String, Double> scalarState() {
        return Map.of(STARTED, started ? 1.0 : 0.0);
    }

    @Override
    public void restoreScalarState(Map<String, Double> state) {
        Double value = state.get(STARTED);
        if (value == null || state.size() != 1) {
            throw new IllegalArgumentException(variant + " state must hold '" + STARTED + "', got " + state.keySet());
        }
        started = value != 0;
    }
}

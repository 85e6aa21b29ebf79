package org.dl4jsam.updaters;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Runtime of {@link SharpnessAwareUpdater}: delegates to the base updater's runtime after checking
 * that {@link SharpnessAwareListener} prepared this step's gradient.
 */
final class SharpnessAwareGradientUpdater implements GradientUpdater<SharpnessAwareUpdater> {
    private final SharpnessAwareUpdater config;
    private final GradientUpdater<?> base;

    SharpnessAwareGradientUpdater(SharpnessAwareUpdater config, GradientUpdater<?> base) {
        this.config = config;
        this.base = base;
    }

    @Override
    public SharpnessAwareUpdater getConfig() {
        return config;
    }

    /** The base updater's runtime. */
    public GradientUpdater<?> getBase() {
        return base;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        base.setState(stateMap, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return base.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        base.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        SamStepGuard.Mark mark = SamStepGuard.requireHandled(iteration, epoch);
        if (mark.skip()) {
            gradient.assign(0); // step skipped: no update, base state untouched
            return;
        }
        base.applyUpdater(gradient, iteration, epoch);
    }
}

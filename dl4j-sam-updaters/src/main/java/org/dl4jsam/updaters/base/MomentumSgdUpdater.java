package org.dl4jsam.updaters.base;

import java.util.Collections;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/** Runtime of {@link MomentumSgd}: the velocity buffer is a view into DL4J's flat updater state. */
final class MomentumSgdUpdater implements GradientUpdater<MomentumSgd> {
    /** Key of the velocity buffer in {@link #getState()}. */
    static final String VELOCITY = "V";

    private final MomentumSgd config;
    private INDArray velocity;

    MomentumSgdUpdater(MomentumSgd config) {
        this.config = config;
    }

    @Override
    public MomentumSgd getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap == null || stateMap.size() != 1 || !stateMap.containsKey(VELOCITY)) {
            throw new IllegalStateException("MomentumSgd state must hold exactly the key \"" + VELOCITY + "\", got "
                    + (stateMap == null ? null : stateMap.keySet()));
        }
        velocity = stateMap.get(VELOCITY);
        if (initialize) {
            velocity.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Collections.singletonMap(VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        velocity = viewArray.reshape(gradientOrder, gradientShape);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (velocity == null) {
            throw new IllegalStateException("MomentumSgd has no state array: it was not instantiated by DL4J");
        }
        double lr = config.getLearningRate(iteration, epoch);
        velocity.muli(config.getMomentum()).addi(gradient); // v = μ·v + g
        velocity.mul(lr, gradient); //                        Δw = lr·v (in place into the gradient)
    }
}

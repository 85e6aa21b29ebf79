package org.dl4jsam.updaters.base;

import java.util.Map;
import java.util.Objects;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * Heavy-ball momentum SGD with PyTorch {@code torch.optim.SGD(momentum=μ)} semantics (dampening 0,
 * not Nesterov), the base optimizer of the SAM, SANER and AE-SAM papers. DL4J itself only ships
 * Nesterov momentum ({@code Nesterovs}), whose buffer also absorbs the learning rate.
 *
 * <pre>
 * v_t = μ·v_{t−1} + g_t          (v_{−1} = 0)
 * Δw  = lr_t · v_t               (DL4J subtracts the update: w ← w − Δw)
 * </pre>
 *
 * <p>DL4J's {@code .l2(λ)} is coupled decay like PyTorch's {@code weight_decay=λ} (added to the gradient
 * before this updater runs) but on weights only: PyTorch also decays biases and BatchNorm γ/β
 * (docs/algorithms.md §4). DL4J's {@code .weightDecay(λ)} is the decoupled (SGDW) kind. Defaults:
 * learning rate {@value #DEFAULT_LEARNING_RATE}, momentum {@value #DEFAULT_MOMENTUM}.
 */
public final class MomentumSgd implements IUpdater, StrictJson {
    /** The papers' learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    /** The papers' momentum. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private double learningRate;
    private ISchedule learningRateSchedule;
    private final double momentum;

    /** Learning rate {@value #DEFAULT_LEARNING_RATE}, momentum {@value #DEFAULT_MOMENTUM}. */
    public MomentumSgd() {
        this(DEFAULT_LEARNING_RATE, null, DEFAULT_MOMENTUM);
    }

    /**
     * @param learningRate fixed learning rate ≥ 0
     * @param momentum μ in [0, 1)
     */
    public MomentumSgd(double learningRate, double momentum) {
        this(learningRate, null, momentum);
    }

    /**
     * @param learningRateSchedule learning-rate schedule over iterations or epochs
     * @param momentum μ in [0, 1)
     */
    public MomentumSgd(ISchedule learningRateSchedule, double momentum) {
        this(Double.NaN, learningRateSchedule, momentum);
    }

    /**
     * Canonical constructor, also the JSON creator.
     *
     * @param learningRate fixed learning rate, ignored when a schedule is given; must be finite and
     *     ≥ 0 otherwise
     * @param learningRateSchedule learning-rate schedule over iterations/epochs, or null
     * @param momentum μ in [0, 1)
     */
    @JsonCreator
    public MomentumSgd(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "learningRate", required = true) double learningRate,
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "momentum", required = true) double momentum) {
        if (learningRateSchedule == null) {
            Checks.finiteAtLeast("MomentumSgd", "learningRate", learningRate, 0.0);
        }
        Checks.inHalfOpenRange("MomentumSgd", "momentum", momentum, 0.0, 1.0);
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    /** @return μ */
    public double getMomentum() {
        return momentum;
    }

    /** @return the learning-rate schedule, or null for a fixed rate */
    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<MomentumSgd> instantiate(INDArray viewArray, boolean initializeViewArray) {
        MomentumSgdUpdater updater = new MomentumSgdUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        updater.setStateViewArray(flat, flat.shape(), flat.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<MomentumSgd> instantiate(Map<String, INDArray> updaterState, boolean initialize) {
        MomentumSgdUpdater updater = new MomentumSgdUpdater(this);
        updater.setState(updaterState, initialize);
        return updater;
    }

    @Override
    public MomentumSgd clone() {
        return new MomentumSgd(
                learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(), momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /** DL4J's hook for changing the learning rate of a built network (e.g. {@code NetworkUtils}). */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MomentumSgd other
                && Double.compare(learningRate, other.learningRate) == 0
                && Double.compare(momentum, other.momentum) == 0
                && Objects.equals(learningRateSchedule, other.learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "MomentumSgd(learningRate=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", momentum=" + momentum + ")";
    }
}

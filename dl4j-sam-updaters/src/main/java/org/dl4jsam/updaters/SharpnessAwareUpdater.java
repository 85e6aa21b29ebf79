package org.dl4jsam.updaters;

import java.util.Map;
import java.util.Objects;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A DL4J updater configuration that wraps any base updater ({@code Sgd}, {@code Nesterovs},
 * {@code Adam}, {@code AdamW}, {@link MomentumSgd}, …) and carries a {@link SamConfig}, so that the
 * sharpness-aware configuration lives in the network's JSON, survives {@code ModelSerializer} and
 * reaches Spark workers. The base updater's schedules and arithmetic are untouched: this class only
 * delegates. Its state is the base updater's, followed, for configurations whose rules keep state (AE-SAM's
 * statistics, F-SAM's and VaSSO's averages, LookSAM's direction, …), by a mirror of that state
 * ({@link UpdaterStateMirror}), so that it is saved with the model and travels with the updater state under
 * Spark's parameter averaging. The second pass itself is performed by {@link SharpnessAwareListener}
 * (attach it with {@link SharpnessAware#attachTo}); if it did not run for a step, this updater
 * refuses to apply the plain gradient rather than silently train without SAM.
 *
 * <pre>{@code
 * new NeuralNetConfiguration.Builder()
 *     .updater(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.sam(0.1)))
 * }</pre>
 */
public final class SharpnessAwareUpdater implements IUpdater, StrictJson {
    private final IUpdater base;
    private final SamConfig sam;
    /** Cached {@link UpdaterStateMirror#slotSize}; null until computed (and after Java deserialization). */
    private transient Long slotSize;
    /** Cached {@link UpdaterStateMirror#arraysPerParameter}; null until computed. */
    private transient Long arraysPerParameter;

    /**
     * @param base the base updater (not itself a {@code SharpnessAwareUpdater})
     * @param sam the sharpness-aware configuration
     */
    @JsonCreator
    public SharpnessAwareUpdater(
            @JsonProperty(value = "base", required = true) IUpdater base,
            @JsonProperty(value = "sam", required = true) SamConfig sam) {
        this.base = Checks.notNull("SharpnessAwareUpdater", "base", base);
        this.sam = Checks.notNull("SharpnessAwareUpdater", "sam", sam);
        if (base instanceof SharpnessAwareUpdater) {
            throw new IllegalArgumentException(
                    "SharpnessAwareUpdater: base must not itself be a SharpnessAwareUpdater");
        }
    }

    /** @return the base updater */
    public IUpdater getBase() {
        return base;
    }

    /** @return the sharpness-aware configuration */
    public SamConfig getSam() {
        return sam;
    }

    @Override
    public long stateSize(long numParams) {
        return base.stateSize(numParams) + arraysPerParameter() * numParams + slotSize();
    }

    /** Entries appended to each parameter variable's state after its arrays (0 when the rules keep no state). */
    long slotSize() {
        Long size = slotSize;
        if (size == null) {
            size = UpdaterStateMirror.slotSize(sam);
            slotSize = size;
        }
        return size;
    }

    /** Parameter-sized arrays of rule state mirrored per parameter ({@code A}; 0 for most configurations). */
    long arraysPerParameter() {
        Long arrays = arraysPerParameter;
        if (arrays == null) {
            arrays = UpdaterStateMirror.arraysPerParameter(UpdaterStateMirror.rules(sam));
            arraysPerParameter = arrays;
        }
        return arrays;
    }

    @Override
    public GradientUpdater<SharpnessAwareUpdater> instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new SharpnessAwareGradientUpdater(this, viewArray, initializeViewArray);
    }

    @Override
    public GradientUpdater<SharpnessAwareUpdater> instantiate(Map<String, INDArray> updaterState, boolean initialize) {
        return new SharpnessAwareGradientUpdater(this, base.instantiate(updaterState, initialize));
    }

    @Override
    public SharpnessAwareUpdater clone() {
        return new SharpnessAwareUpdater(base.clone(), sam);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return base.getLearningRate(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return base.hasLearningRate();
    }

    /** Delegates to the base updater (DL4J's hook for changing a built network's learning rate). */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        base.setLrAndSchedule(lr, lrSchedule);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharpnessAwareUpdater other && base.equals(other.base) && sam.equals(other.sam);
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, sam);
    }

    @Override
    public String toString() {
        return "SharpnessAwareUpdater(base=" + base + ", sam=" + sam + ")";
    }
}

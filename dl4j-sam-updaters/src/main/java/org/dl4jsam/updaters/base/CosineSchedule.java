package org.dl4jsam.updaters.base;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * Cosine annealing without restarts (Loshchilov &amp; Hutter 2017), as PyTorch's
 * {@code CosineAnnealingLR}: {@code v(t) = final + (initial − final)·(1 + cos(π·t/T))/2} for
 * {@code t < T}, then {@code final}. The schedule of the AE-SAM experiments; DL4J has none.
 *
 * @param scheduleType whether t counts iterations or epochs
 * @param initialValue v(0)
 * @param finalValue v(T)
 * @param length T ≥ 1
 */
public record CosineSchedule(ScheduleType scheduleType, double initialValue, double finalValue, int length)
        implements ISchedule, StrictJson {

    /**
     * @param scheduleType whether t counts iterations or epochs
     * @param initialValue v(0)
     * @param finalValue v(T)
     * @param length T ≥ 1
     */
    @JsonCreator
    public CosineSchedule(
            @JsonProperty("scheduleType") ScheduleType scheduleType,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "initialValue", required = true) double initialValue,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "finalValue", required = true) double finalValue,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "length", required = true) int length) {
        this.scheduleType = Checks.notNull("CosineSchedule", "scheduleType", scheduleType);
        this.initialValue = Checks.finite("CosineSchedule", "initialValue", initialValue);
        this.finalValue = Checks.finite("CosineSchedule", "finalValue", finalValue);
        this.length = (int) Checks.positive("CosineSchedule", "length", length);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int t = scheduleType == ScheduleType.ITERATION ? iteration : epoch;
        if (t >= length) {
            return finalValue;
        }
        return finalValue + (initialValue - finalValue) * (1 + Math.cos(Math.PI * t / length)) / 2;
    }

    @Override
    public ISchedule clone() {
        return this;
    }
}

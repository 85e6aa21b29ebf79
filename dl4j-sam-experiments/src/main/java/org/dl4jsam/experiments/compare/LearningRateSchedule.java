package org.dl4jsam.experiments.compare;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.dl4jsam.updaters.base.CosineSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/** The learning-rate schedules of {@code compare}, by their command-line names. */
public enum LearningRateSchedule {
    /** The initial rate throughout. */
    CONSTANT("constant"),
    /** ÷10 at 50% and ÷100 at 75% of the epochs: the SANER protocol (epochs 100 and 150 of 200) scaled. */
    STEP("step"),
    /** Cosine decay to 0 over all iterations. */
    COSINE("cosine");

    private final String cliName;

    LearningRateSchedule(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name on the command line (and in results.json) */
    @JsonValue
    public String cliName() {
        return cliName;
    }

    /** @return {@link #cliName()}, as help texts show defaults */
    @Override
    public String toString() {
        return cliName;
    }

    /**
     * @param name a schedule name
     * @return the schedule
     * @throws IllegalArgumentException listing the names when there is none of that name
     */
    @JsonCreator
    public static LearningRateSchedule parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(s -> s.cliName.equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--lr-schedule " + name + " is unknown; use "
                        + Arrays.stream(values()).map(s -> s.cliName).collect(Collectors.joining(", "))));
    }

    /** The schedules' names, as picocli's completion candidates. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(values()).map(LearningRateSchedule::cliName).iterator();
        }
    }

    /** Converts a schedule's name for picocli, listing the names when it is unknown. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<LearningRateSchedule> {
        @Override
        public LearningRateSchedule convert(String value) {
            return parse(value);
        }
    }

    /**
     * @param lr the initial learning rate
     * @param epochs the planned epochs
     * @param stepsPerEpoch iterations per epoch
     * @return the DL4J schedule, or null for a constant rate
     */
    public ISchedule schedule(double lr, int epochs, int stepsPerEpoch) {
        return switch (this) {
            case CONSTANT -> null;
            case STEP -> new MapSchedule(
                    ScheduleType.EPOCH,
                    Map.of(0, lr, Math.max(1, epochs / 2), lr / 10, Math.max(2, (3 * epochs) / 4), lr / 100));
            case COSINE -> new CosineSchedule(ScheduleType.ITERATION, lr, 0.0, epochs * stepsPerEpoch);
        };
    }
}

package org.dl4jsam.updaters;

import java.util.Map;

/** Runtime of a {@link SecondPassConfig}; may hold state that must survive save and restore. */
public interface SecondPassRule {

    /**
     * Decide for this step, updating any internal statistics.
     *
     * @param context the step, with the first-pass gradient and its norm
     * @return true to take the second pass
     */
    boolean takeSecondPass(StepContext context);

    /** The rule's persistent state (empty for stateless rules), as named numbers. */
    default Map<String, Double> state() {
        return Map.of();
    }

    /** Restore what {@link #state()} returned. */
    default void restoreState(Map<String, Double> state) {}

    /** Fraction of steps so far that took the second pass, NaN where the rule does not count. */
    default double secondPassFraction() {
        return Double.NaN;
    }
}

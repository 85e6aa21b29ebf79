package org.dl4jsam.updaters.spi;

/** Runtime of a {@link SecondPassConfig}: decides, step by step, whether the second pass runs. */
@FunctionalInterface
public interface SecondPassRule extends StepRule {

    /**
     * Decide for this step, updating any internal statistics. Runs once per step whose first-pass gradient is
     * finite, before any other rule.
     *
     * @param context the step, with the first-pass gradient and its norm
     * @return true to take the second pass
     */
    boolean takeSecondPass(StepContext context);

    /** @return fraction of steps so far that took the second pass, NaN where the rule does not count */
    default double secondPassFraction() {
        return Double.NaN;
    }
}

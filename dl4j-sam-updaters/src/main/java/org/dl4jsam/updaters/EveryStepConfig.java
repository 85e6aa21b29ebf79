package org.dl4jsam.updaters;

import org.nd4j.shade.jackson.annotation.JsonCreator;

/** Plain SAM's schedule: every step takes the second pass. */
public record EveryStepConfig() implements SecondPassConfig, StrictJson {
    @JsonCreator
    public EveryStepConfig {}

    @Override
    public SecondPassRule newRule() {
        return context -> true;
    }
}

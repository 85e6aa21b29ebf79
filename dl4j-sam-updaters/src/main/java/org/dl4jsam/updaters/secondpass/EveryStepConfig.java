package org.dl4jsam.updaters.secondpass;

import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/** Plain SAM's schedule: every step takes the second pass. */
public record EveryStepConfig() implements SecondPassConfig, StrictJson {
    /** The only instance there needs to be (a JSON value without properties). */
    @JsonCreator
    public EveryStepConfig {}

    @Override
    public SecondPassRule newRule() {
        return context -> true;
    }
}

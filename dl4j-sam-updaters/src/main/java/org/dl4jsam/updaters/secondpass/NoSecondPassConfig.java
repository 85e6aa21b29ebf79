package org.dl4jsam.updaters.secondpass;

import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Plain training (ERM): no step takes the second pass, so the base updater receives {@code g}. Used
 * with {@code WeightDecayConfig} to train a non-sharpness-aware baseline with exactly the same
 * PyTorch-style weight decay as its SAM counterparts ({@code SamConfig.erm()}).
 */
public record NoSecondPassConfig() implements SecondPassConfig, StrictJson {
    /** The only instance there needs to be (a JSON value without properties). */
    @JsonCreator
    public NoSecondPassConfig {}

    @Override
    public SecondPassRule newRule() {
        return context -> false;
    }
}

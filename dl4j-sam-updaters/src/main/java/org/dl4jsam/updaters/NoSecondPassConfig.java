package org.dl4jsam.updaters;

import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * Plain training (ERM): no step takes the second pass, so the base updater receives {@code g}. Used
 * with {@link WeightDecayConfig} to train a non-sharpness-aware baseline with exactly the same
 * PyTorch-style weight decay as its SAM counterparts ({@link SamConfig#erm()}).
 */
public record NoSecondPassConfig() implements SecondPassConfig, StrictJson {
    @JsonCreator
    public NoSecondPassConfig {}

    @Override
    public SecondPassRule newRule() {
        return context -> false;
    }
}

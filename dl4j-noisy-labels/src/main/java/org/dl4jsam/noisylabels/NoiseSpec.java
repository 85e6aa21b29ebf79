package org.dl4jsam.noisylabels;

import org.nd4j.shade.jackson.annotation.JsonSubTypes;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * An immutable, JSON-serializable description of a label-noise model (docs/data-and-zoo.md). {@link #apply} is a pure function of the seed and the example indices.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SymmetricNoise.class, name = "symmetric"),
    @JsonSubTypes.Type(value = AsymmetricNoise.class, name = "asymmetric"),
    @JsonSubTypes.Type(value = PairFlipNoise.class, name = "pair-flip"),
    @JsonSubTypes.Type(value = TransitionMatrixNoise.class, name = "transition-matrix"),
    @JsonSubTypes.Type(value = InstanceDependentNoise.class, name = "instance-dependent")
})
public sealed interface NoiseSpec
        permits SymmetricNoise, AsymmetricNoise, PairFlipNoise, TransitionMatrixNoise, InstanceDependentNoise {

    /**
     * Corrupt the labels of {@code input} with this model and seed.
     *
     * @param input the clean labels (and what the model needs)
     * @param seed the seed
     * @return the noisy labels with the clean ones
     */
    NoisyLabels apply(NoiseInput input, long seed);

    /** @return the nominal rate γ of this model (for a transition matrix: the mean off-diagonal mass) */
    double rate();

    /** @return this spec as JSON */
    default String toJson() {
        return NoiseJson.write(this);
    }

    /**
     * @param json {@link #toJson()} output
     * @return the spec
     */
    static NoiseSpec fromJson(String json) {
        return NoiseJson.read(json, NoiseSpec.class);
    }

    /**
     * Validation shared by the rate-based models.
     *
     * @param model the model's name, for the message
     * @param rate γ
     * @return {@code rate}
     * @throws IllegalArgumentException unless γ is in [0, 1]
     */
    static double checkRate(String model, double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(model + ": rate = " + rate + " is invalid; it must be in [0, 1]");
        }
        return rate;
    }
}

package org.dl4jsam.updaters;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * Weight decay as the papers mean it: PyTorch's {@code torch.optim.SGD(weight_decay=λ)}, i.e. coupled
 * decay {@code g ← g + λw} on <b>every</b> trainable parameter (weights, biases, BatchNorm γ/β), added
 * before the base updater (so before momentum). DL4J's {@code .l2(λ)} decays weights only; use this
 * with {@code .l2(0)} to match the papers (docs/algorithms.md §4).
 *
 * <p>By default the decay stays out of the ascent: {@code ε} is formed from the loss gradient and the
 * base updater receives {@code ĝ + λw}, as in the PyTorch SAM references. With {@code inAscent} the
 * decay is part of the loss ({@code ½λ‖w‖²}, the google-research form): {@code ε} is formed from
 * {@code g + λw} and the base updater receives {@code ĝ + λ(w+ε)}.
 *
 * @param lambda λ ≥ 0 (the papers: 5e-4 for SANER, 1e-4 for AE-SAM)
 * @param inAscent whether the decay term is part of the loss whose gradient forms ε and ĝ
 */
public record WeightDecayConfig(double lambda, boolean inAscent) implements StrictJson, java.io.Serializable {

    /**
     * @param lambda λ ≥ 0
     * @param inAscent whether the decay term is part of the loss whose gradient forms ε and ĝ
     */
    @JsonCreator
    public WeightDecayConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "lambda", required = true) double lambda,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "inAscent", required = true) boolean inAscent) {
        this.lambda = Checks.finiteAtLeast("weight decay", "lambda", lambda, 0.0);
        this.inAscent = inAscent;
    }

    /**
     * PyTorch's {@code SGD(weight_decay=λ)} next to SAM: decay on all trainable parameters, outside the ascent.
     *
     * @param lambda λ ≥ 0
     * @return the configuration
     */
    public static WeightDecayConfig pytorch(double lambda) {
        return new WeightDecayConfig(lambda, false);
    }
}

package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * ESAM's sharpness-sensitive data selection, SDS (Du et al., ICLR 2022, §3.2): after the perturbation,
 * score every example's loss at {@code w} and at {@code w+ε}, and take the second pass only on the
 * {@code k = max(1, ⌊γ·B⌋)} examples whose loss rose most (ties: the lower row first); the gradient
 * handed on is that subset's mean, at the batch's scale. The official code keeps the examples strictly
 * above the k-th largest rise, one fewer than k; this selects exactly k. Per-example losses are taken in training
 * mode, as the official code: at {@code w} from DL4J's own first pass (the output loss keeps them; on a run's first
 * step, and after a restore, one scoring forward pass at {@code w} instead), at {@code w+ε} from one training-mode
 * forward pass. A step costs one pass, one forward and γ of a pass. With γ ≥ 0.99 the whole batch is used, as in
 * the official code.
 *
 * @param gamma γ in (0, 1], the fraction of examples in the second pass (0.5 in the paper)
 */
public record SharpnessSensitiveSelectionConfig(double gamma) implements StepAlgorithmConfig, StrictJson {
    /** The paper's γ. */
    public static final double DEFAULT_GAMMA = 0.5;
    /** From this γ on, the official code skips the selection and uses the whole batch. */
    public static final double WHOLE_BATCH = 0.99;

    /** @param gamma γ in (0, 1] */
    @JsonCreator
    public SharpnessSensitiveSelectionConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "gamma", required = true) double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("ESAM: gamma = " + gamma + " is invalid; it must be in (0, 1]");
        }
        this.gamma = gamma;
    }

    /**
     * @param batchSize B
     * @return k, the examples of the second pass
     */
    public int selected(long batchSize) {
        return gamma >= WHOLE_BATCH ? (int) batchSize : (int) Math.max(1, Math.floor(gamma * batchSize));
    }

    @Override
    public StepAlgorithm newAlgorithm() {
        return new SharpnessSensitiveSelection(this);
    }
}

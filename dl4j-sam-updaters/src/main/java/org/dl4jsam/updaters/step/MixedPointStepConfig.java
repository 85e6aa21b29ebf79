package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * SAM's per-example gradient {@code J_i(w+ε)ᵀ·δ_i(w+ε)} with only one of its two factors taken at {@code w+ε}
 * (Baek et al. 2024; Andriushchenko &amp; Flammarion 2022, Table 1), the other at {@code w}:
 * <ul>
 *   <li>{@link PerturbedFactor#JACOBIAN}, J-SAM ("SAM direction"): {@code J(w+ε)ᵀ·δ(w)} — the output error of
 *       the first pass back-propagated through the network at {@code w+ε}; two passes per step, as SAM (the
 *       first step of a model takes one more, to start recording);
 *   <li>{@link PerturbedFactor#LOGIT_DERIVATIVE}, logit-SAM ("SAM derivative"): {@code J(w)ᵀ·δ(w+ε)} — the
 *       output error at {@code w+ε} (from a training-mode pass there, so BatchNorm and dropout behave as in
 *       SAM's second pass) back-propagated at {@code w}; three passes per step.
 * </ul>
 * {@code δ = ∂ℓ/∂z} is the loss derivative with respect to the output layer's pre-activations, per example.
 * With {@code microBatchSize = 0} one ε serves the whole batch; with {@code m ≥ 1} each micro-batch of m examples
 * gets its own ε from its own gradient ({@code m = 1}: per example, as Baek et al. with 1-SAM).
 *
 * @param perturbed which factor is taken at {@code w+ε}
 * @param microBatchSize 0 for one ε per batch, else the examples per ε
 */
public record MixedPointStepConfig(PerturbedFactor perturbed, int microBatchSize)
        implements StepAlgorithmConfig, StrictJson {

    /** The factor of the per-example gradient that is taken at the perturbed point. */
    public enum PerturbedFactor {
        /** J-SAM: the network Jacobian at {@code w+ε}, the output error at {@code w}. */
        JACOBIAN,
        /** Logit-SAM: the output error at {@code w+ε}, the Jacobian at {@code w}. */
        LOGIT_DERIVATIVE
    }

    /**
     * @param perturbed which factor is taken at {@code w+ε}
     * @param microBatchSize 0 for one ε per batch, else m ≥ 1 examples per ε
     */
    @JsonCreator
    public MixedPointStepConfig(
            @JsonProperty(value = "perturbed", required = true) PerturbedFactor perturbed,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty("microBatchSize") int microBatchSize) {
        if (perturbed == null) {
            throw new IllegalArgumentException(
                    "MixedPointStepConfig: perturbed is missing; use JACOBIAN (J-SAM) or LOGIT_DERIVATIVE (logit-SAM)");
        }
        if (microBatchSize < 0) {
            throw new IllegalArgumentException("MixedPointStepConfig: microBatchSize = " + microBatchSize
                    + " is invalid; use 0 (one ε per batch) or m ≥ 1 (one ε per m examples)");
        }
        this.perturbed = perturbed;
        this.microBatchSize = microBatchSize;
    }

    /** @return J-SAM with one ε per batch */
    public static MixedPointStepConfig jacobianSam() {
        return new MixedPointStepConfig(PerturbedFactor.JACOBIAN, 0);
    }

    /** @return logit-SAM with one ε per batch */
    public static MixedPointStepConfig logitSam() {
        return new MixedPointStepConfig(PerturbedFactor.LOGIT_DERIVATIVE, 0);
    }

    @Override
    public StepAlgorithm newAlgorithm() {
        return new MixedPointStep(perturbed, microBatchSize);
    }
}

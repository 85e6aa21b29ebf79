package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;

/**
 * SAM's step (Foret et al. 2021, Eq. 2–3): one ε from the batch gradient {@code g}, one perturbed
 * forward/backward pass over the whole batch, {@code ĝ = ∇L(w+ε)} handed on. The default.
 */
public record TwoPassStepConfig() implements StepAlgorithmConfig, StrictJson {
    /** The only instance there needs to be (a JSON value without properties). */
    @JsonCreator
    public TwoPassStepConfig {}

    @Override
    public StepAlgorithm newAlgorithm() {
        return passes -> {
            passes.perturb();
            return passes.computeGradient();
        };
    }
}

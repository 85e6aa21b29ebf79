package org.dl4jsam.updaters.spi;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The output errors {@code δ = ∂ℓ/∂z} (per example, with respect to each output layer's pre-activations) of the
 * model's passes, for step algorithms that back-propagate an error taken at other weights (J-SAM: δ at
 * {@code w} through the network at {@code w+ε}; logit-SAM: δ at {@code w+ε} through the network at {@code w}).
 */
public interface OutputErrors {

    /**
     * @return each output layer's δ from the last pass or per-example scoring, in the order of the model's
     *     outputs; null when none was recorded since the errors were first asked for (the first step)
     */
    INDArray[] last();

    /**
     * Make the next passes back-propagate these errors instead of the loss's own, until {@code handOn(null)} or the
     * end of the step.
     *
     * @param errors one δ per output layer, shaped as the pass's, or null to stop
     */
    void handOn(INDArray[] errors);
}

package org.dl4jsam.updaters.step;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * m-sharpness (Foret et al. 2021, §4.1; Andriushchenko &amp; Flammarion 2022, "1-SAM" for m = 1): split
 * the batch into consecutive micro-batches of {@code m} examples (the last may be smaller), give each
 * its own ε from its own gradient {@code g_i}, and hand on the mean of the micro-batch gradients
 * {@code ĝ_i = ∇L_i(w+ε_i)} (each a micro-batch mean). A batch of at most {@code m} examples is plain
 * SAM and reuses the first pass. Costs two passes over the batch in micro-batches on top of DL4J's
 * first pass, and one parameter-sized buffer (the running sum).
 *
 * @param microBatchSize m ≥ 1
 */
public record MicroBatchStepConfig(int microBatchSize) implements StepAlgorithmConfig, StrictJson {

    /** @param microBatchSize m ≥ 1, the examples per micro-batch */
    @JsonCreator
    public MicroBatchStepConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "microBatchSize", required = true)
                    int microBatchSize) {
        this.microBatchSize = (int) Checks.positive("m-sharpness", "microBatchSize", microBatchSize);
    }

    @Override
    public StepAlgorithm newAlgorithm() {
        return new MicroBatchStep(microBatchSize);
    }
}

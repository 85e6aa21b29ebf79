package org.dl4jsam.updaters.spi;

import java.io.Serializable;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * Immutable configuration of how a step that takes the second pass computes its gradient from the
 * batch: one perturbed pass over the whole batch (SAM), one ε per micro-batch (m-sharpness), a pass on
 * a selected part of the batch (ESAM's data selection), or custom passes. Implementations are JSON values identified by
 * their {@link SeamTypeIds} type id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = SeamTypeIds.PROPERTY)
@JsonTypeIdResolver(SeamTypeIds.class)
public interface StepAlgorithmConfig extends Serializable {

    /** @return a fresh runtime for one model */
    StepAlgorithm newAlgorithm();
}

package org.dl4jsam.updaters.spi;

import java.io.Serializable;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * Immutable configuration of how the ascent step ε is formed from the first-pass gradient (the
 * geometry of a SAM variant). Implementations are JSON values identified by
 * their {@link SeamTypeIds} type id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = SeamTypeIds.PROPERTY)
@JsonTypeIdResolver(SeamTypeIds.class)
public interface PerturbationConfig extends Serializable {

    /** @return a fresh runtime for one model */
    PerturbationRule newRule();
}

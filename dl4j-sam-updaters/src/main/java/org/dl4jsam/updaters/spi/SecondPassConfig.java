package org.dl4jsam.updaters.spi;

import java.io.Serializable;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * Immutable configuration of when a step takes the second (perturbed) pass — the cost reducers
 * of docs/algorithms.md §3. A step that skips it hands the plain gradient {@code g} to the base updater.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = SeamTypeIds.PROPERTY)
@JsonTypeIdResolver(SeamTypeIds.class)
public interface SecondPassConfig extends Serializable {

    /** @return a fresh runtime for one model */
    SecondPassRule newRule();
}

package org.dl4jsam.updaters.spi;

import java.io.Serializable;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Immutable configuration of how the ascent step ε is formed from the first-pass gradient (the
 * geometry of a SAM variant). Implementations are JSON values identified by class name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface PerturbationConfig extends Serializable {

    /** @return a fresh runtime for one model */
    PerturbationRule newRule();
}

package org.dl4jsam.updaters.spi;

import java.io.Serializable;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * Immutable configuration of one link of the chain of gradient transforms applied before the base
 * updater (SANER's re-weighting, GSAM's correction, LookSAM's reuse of a stored direction).
 * Implementations are JSON values identified by
 * their {@link SeamTypeIds} type id.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = SeamTypeIds.PROPERTY)
@JsonTypeIdResolver(SeamTypeIds.class)
public interface GradientTransformConfig extends Serializable {

    /** @return a fresh runtime for one model */
    GradientTransformRule newRule();

    /**
     * @return what this transform needs from the step (by default it reads {@code g} on two-pass steps); the
     *     configuration and the model are checked against it once, not at every step
     */
    default TransformRequirements requirements() {
        return TransformRequirements.readsCleanGradient();
    }
}

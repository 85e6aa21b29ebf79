package org.dl4jsam.updaters;

import java.io.Serializable;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Immutable configuration of a post-processing of the second-pass gradient {@code ĝ} against the
 * first-pass gradient {@code g} (e.g. SANER's re-weighting mask), applied before the base updater.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface GradientTransformConfig extends Serializable {

    /** A fresh runtime for one model. */
    GradientTransformRule newRule();

    /** Whether this transform's schedule reads the model's epoch count (the engine warns when it stands still). */
    default boolean followsEpochCount() {
        return false;
    }
}

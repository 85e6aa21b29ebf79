package org.dl4jsam.updaters.spi;

import java.io.Serializable;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * Immutable configuration of one link of the chain of gradient transforms applied before the base
 * updater (SANER's re-weighting, GSAM's correction, LookSAM's reuse of a stored direction).
 * Implementations are JSON values identified by class name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface GradientTransformConfig extends Serializable {

    /** @return a fresh runtime for one model */
    GradientTransformRule newRule();

    /** @return whether this transform reads {@code g} on two-pass steps (the engine then keeps a copy of it) */
    default boolean needsCleanGradient() {
        return true;
    }

    /**
     * @return whether this transform's schedule reads the model's epoch count (the engine warns when it stands
     *     still)
     */
    default boolean followsEpochCount() {
        return false;
    }

    /**
     * @return whether this transform must end the chain: decoupled WSAM hands on {@code g} and keeps its
     *     sharpness term in scratch 0 until the update, so no transform may follow it
     */
    default boolean mustBeLast() {
        return false;
    }

    /**
     * @return whether this transform defines the whole step and takes no second pass (MSAM): the
     *     configuration must then use {@code NoSecondPassConfig}
     */
    default boolean onePassOnly() {
        return false;
    }
}

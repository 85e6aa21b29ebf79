package org.dl4jsam.updaters.spi;

import org.nd4j.shade.jackson.annotation.JsonAnySetter;

/**
 * Mixed into every configuration value of this library so that JSON with an unknown property is
 * rejected with its name instead of being silently ignored (DL4J's own mapper ignores unknown
 * properties, which turns a misspelt hyper-parameter into its default).
 */
public interface StrictJson {

    /**
     * Called by Jackson for a property the type does not declare; always throws.
     *
     * @param name the property's name
     * @param value its value
     */
    @JsonAnySetter
    default void rejectUnknownProperty(String name, Object value) {
        throw new IllegalArgumentException(getClass().getSimpleName() + ": unknown JSON property \"" + name
                + "\" (value " + value + "); check its spelling against the class's documented properties");
    }
}

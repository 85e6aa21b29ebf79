package org.dl4jsam.updaters.spi;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/** The JSON mapper for this library's values: DL4J's shaded Jackson, strict, pretty-printed. */
public final class SamJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SamJson() {}

    /**
     * @param value a configuration value
     * @return its JSON
     * @throws IllegalStateException if it cannot be written
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param json the JSON text
     * @param type the value's type
     * @param <T> the value's type
     * @return the value
     * @throws IllegalArgumentException naming the problem (unknown or missing property, invalid value)
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            Throwable cause = rootCause(e);
            if (cause instanceof IllegalArgumentException invalid) {
                throw new IllegalArgumentException(
                        "Invalid " + type.getSimpleName() + " JSON: " + invalid.getMessage(), e);
            }
            throw new IllegalArgumentException(
                    "Invalid " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}

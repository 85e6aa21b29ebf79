package org.dl4jsam.noisylabels;

import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/** The JSON mapper for this module's values: DL4J's shaded Jackson, strict, pretty-printed. */
public final class NoiseJson {
    /** The mapper: unknown properties and missing primitives are errors. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private NoiseJson() {}

    /**
     * @param value a value of this module
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
     * @throws IllegalArgumentException naming the problem
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String detail = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("Invalid " + type.getSimpleName() + " JSON: " + detail, e);
        }
    }
}

package org.dl4jsam.updaters;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The SAM runtime state inside a {@code ModelSerializer} zip file: a JSON entry (format, the
 * configuration it belongs to, each rule's scalars, the array state's length and type) and, when rules
 * keep arrays, one binary ND4J array entry. A state written for another configuration, or an entry
 * missing or corrupt, is a clear error rather than a silent fresh start.
 */
final class SamStateFile {
    static final String JSON_ENTRY = "dl4j-sam-state.json";
    static final String ARRAY_ENTRY = "dl4j-sam-state-arrays.bin";
    private static final int FORMAT = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(org.nd4j.shade.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SamStateFile() {}

    static void write(File file, SamConfig config, SamRuntimeState state) throws IOException {
        if (state.isEmpty()) {
            return;
        }
        INDArray array = state.array();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("config", config.toJson());
        document.put("scalars", state.scalars());
        document.put("arrayLength", array == null ? 0 : array.length());
        document.put("dataType", array == null ? null : array.dataType().name());
        ModelSerializer.addObjectToFile(file, JSON_ENTRY, MAPPER.writeValueAsString(document));
        if (array != null) {
            ModelSerializer.addObjectToFile(file, ARRAY_ENTRY, Nd4j.toByteArray(array));
        }
    }

    /** The state stored in {@code file} for {@code config}, or empty when the file holds none. */
    static Optional<SamRuntimeState> read(File file, SamConfig config) {
        if (!ModelSerializer.listObjectsInFile(file).contains(JSON_ENTRY)) {
            return Optional.empty();
        }
        Map<String, Object> document;
        try {
            document = MAPPER.readValue(
                    (String) ModelSerializer.getObjectFromFile(file, JSON_ENTRY),
                    new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException | RuntimeException e) {
            throw corrupt(file, e.getMessage(), e);
        }
        if (!Integer.valueOf(FORMAT).equals(document.get("format"))) {
            throw corrupt(
                    file,
                    "unknown state format " + document.get("format") + " (this version reads " + FORMAT + ")",
                    null);
        }
        SamConfig stored = SamConfig.fromJson((String) document.get("config"));
        if (!stored.equals(config)) {
            throw new IllegalArgumentException("The SAM state in " + file + " belongs to " + stored
                    + ", the model is configured with " + config + ": restore it with its own configuration");
        }
        Map<String, Map<String, Double>> scalars = scalars(file, document.get("scalars"));
        long length = ((Number) document.get("arrayLength")).longValue();
        INDArray array = null;
        if (length > 0) {
            if (!ModelSerializer.listObjectsInFile(file).contains(ARRAY_ENTRY)) {
                throw corrupt(file, "the array state entry " + ARRAY_ENTRY + " is missing (truncated file?)", null);
            }
            try {
                array = Nd4j.fromByteArray((byte[]) ModelSerializer.getObjectFromFile(file, ARRAY_ENTRY));
            } catch (RuntimeException e) {
                throw corrupt(file, "unreadable " + ARRAY_ENTRY + ": " + e.getMessage(), e);
            }
            if (array.length() != length || !array.dataType().name().equals(document.get("dataType"))) {
                throw corrupt(
                        file,
                        ARRAY_ENTRY + " holds " + array.length() + " " + array.dataType()
                                + " entries, the JSON entry announces " + length + " " + document.get("dataType"),
                        null);
            }
        }
        return Optional.of(new SamRuntimeState(scalars, array));
    }

    private static Map<String, Map<String, Double>> scalars(File file, Object node) {
        Map<String, Map<String, Double>> scalars = new LinkedHashMap<>();
        if (!(node instanceof Map<?, ?> rules)) {
            throw corrupt(file, "\"scalars\" is not an object", null);
        }
        rules.forEach((rule, values) -> {
            if (!(values instanceof Map<?, ?> named)) {
                throw corrupt(file, "scalars of " + rule + " are not an object", null);
            }
            Map<String, Double> parsed = new LinkedHashMap<>();
            named.forEach((name, value) -> {
                if (!(value instanceof Number number)) {
                    throw corrupt(file, "scalar " + rule + "." + name + " is not a number", null);
                }
                parsed.put((String) name, number.doubleValue());
            });
            scalars.put((String) rule, parsed);
        });
        return scalars;
    }

    private static IllegalArgumentException corrupt(File file, String detail, Throwable cause) {
        return new IllegalArgumentException("Corrupt SAM state in " + file + ": " + detail, cause);
    }
}

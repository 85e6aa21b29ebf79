package org.dl4jsam.experiments.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code results.json}'s configuration: the grouped layout round-trips; nothing else is read. */
class ExperimentConfigJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static ExperimentConfig config() {
        return new ExperimentConfig(
                new ExperimentConfig.Data("fashion-mnist", null, null, "symmetric:0.4", 4000, 2000, 0.1, false),
                new ExperimentConfig.Training(
                        "small-cnn", 20, 128, 0.01, LearningRateSchedule.STEP, 0.9, 5e-4, ExperimentConfig.PYTORCH),
                new ExperimentConfig.Sam(0.1, 0.5, 5),
                List.of("erm", "sam"),
                List.of(1L, 2L));
    }

    @Test
    void groupedLayoutRoundTrips() throws Exception {
        String json = MAPPER.writeValueAsString(config());
        assertTrue(json.contains("\"training\":{\"model\":\"small-cnn\""), json);
        assertTrue(json.contains("\"lrSchedule\":\"step\""), json);
        assertEquals(config(), MAPPER.readValue(json, ExperimentConfig.class));
    }

    @Test
    void ownDataAndAUserModelRoundTripWithAbsolutePaths() throws Exception {
        ExperimentConfig own = new ExperimentConfig(
                new ExperimentConfig.Data(
                        "images:photos",
                        null,
                        null,
                        "none",
                        0,
                        0,
                        0.1,
                        false,
                        new org.dl4jsam.experiments.data.OwnDataSpec(
                                "/data/test", 0.2, "32x32", 3, null, true, "auto", "/data/checked.csv", true)),
                new ExperimentConfig.Training(
                        "file:model.zip", 5, 64, 0.01, LearningRateSchedule.COSINE, 0.9, 5e-4, "pytorch", true),
                new ExperimentConfig.Sam(0.1, 0.5, 1),
                List.of("erm", "sam"),
                List.of(1L));
        assertEquals(
                "images:" + java.nio.file.Path.of("photos").toAbsolutePath(),
                own.data().dataset(),
                "stored absolute: a resumed run finds it from anywhere");
        assertEquals(
                java.nio.file.Path.of("model.zip").toAbsolutePath(),
                own.training().modelFile());
        String json = MAPPER.writeValueAsString(own);
        assertTrue(json.contains("\"own\":{\"testData\":\"/data/test\""), json);
        assertEquals(own, MAPPER.readValue(json, ExperimentConfig.class));
        IllegalArgumentException builtInFineTune = assertThrows(
                IllegalArgumentException.class,
                () -> new ExperimentConfig.Training(
                        "small-cnn", 5, 64, 0.01, LearningRateSchedule.STEP, 0.9, 0, "pytorch", true));
        assertTrue(builtInFineTune.getMessage().contains("--fine-tune needs --model-file"));
    }

    @Test
    void aNullNumberInResultsJsonIsRefusedNotReadAsZero() throws Exception {
        ExperimentResults results = new ExperimentResults(config());
        String json = ExperimentResults.MAPPER.writeValueAsString(results);
        assertEquals(
                20,
                ExperimentResults.MAPPER
                        .readValue(json, ExperimentResults.class)
                        .config
                        .training()
                        .epochs());
        for (String[] field : List.of(
                new String[] {"\"epochs\" : 20", "\"epochs\" : null"},
                new String[] {"\"seed\" : 1", "\"seed\" : null"},
                new String[] {"\"dataset\" : \"fashion-mnist\"", "\"dataset\" : null"},
                new String[] {"\"noise\" : \"symmetric:0.4\"", "\"noise\" : null"},
                new String[] {"\"optimizers\" : [ \"erm\", \"sam\" ]", "\"optimizers\" : null"})) {
            assertTrue(json.contains(field[0]), json);
            Exception refused = assertThrows(
                    Exception.class,
                    () -> ExperimentResults.MAPPER.readValue(
                            json.replace(field[0], field[1]), ExperimentResults.class));
            String message = String.valueOf(refused.getMessage());
            assertTrue(message.contains("null") || message.contains("missing"), field[1] + ": " + refused.getMessage());
        }
    }

    @Test
    void theFlatLayoutOfPreReleaseVersionsIsRefused() {
        String flat = "{\"dataset\":\"fashion-mnist\",\"noise\":\"symmetric:0.4\",\"model\":\"small-cnn\","
                + "\"optimizers\":[\"erm\"],\"seeds\":[1]}";
        Exception refused = assertThrows(Exception.class, () -> MAPPER.readValue(flat, ExperimentConfig.class));
        assertTrue(
                String.valueOf(refused.getMessage()).contains("config needs data, training and sam")
                        || String.valueOf(refused.getMessage()).contains("dataset"),
                refused.getMessage());
    }

    @Test
    void anUnknownScheduleIsNamed() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear"));
        assertEquals("--lr-schedule linear is unknown; use constant, step, cosine", error.getMessage());
    }
}

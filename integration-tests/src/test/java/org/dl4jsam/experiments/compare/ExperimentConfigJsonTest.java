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

package org.dl4jsam.experiments.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code results.json}'s configuration: the grouped layout round-trips, the flat one of earlier versions still reads. */
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
    void flatLayoutOfEarlierVersionsReads() throws Exception {
        String flat = "{\"dataset\":\"fashion-mnist\",\"dataDir\":null,\"cifarNFile\":null,\"noise\":\"symmetric:0.4\","
                + "\"model\":\"small-cnn\",\"optimizers\":[\"sgd\",\"sam\"],\"epochs\":20,\"batchSize\":128,"
                + "\"learningRate\":0.01,\"lrSchedule\":\"step\",\"momentum\":0.9,\"weightDecay\":5.0E-4,"
                + "\"weightDecayMode\":\"pytorch\",\"rho\":0.1,\"alpha\":0.5,\"alphaWarmupEpochs\":5,\"trainSize\":4000,"
                + "\"testSize\":2000,\"validationFraction\":0.1,\"augment\":false,\"seeds\":[1,2]}";
        assertEquals(config(), MAPPER.readValue(flat, ExperimentConfig.class), "sgd is read as erm");
    }

    @Test
    void anUnknownScheduleIsNamed() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("linear"));
        assertEquals("--lr-schedule linear is unknown; use constant, step, cosine", error.getMessage());
    }
}

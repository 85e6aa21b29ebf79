package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.SeamTypeIds;
import org.dl4jsam.updaters.spi.SecondPassConfig;
import org.dl4jsam.updaters.spi.StepAlgorithmConfig;
import org.junit.jupiter.api.Test;

/**
 * ADR 0003: the seams' configurations are named by short type ids in JSON, the table of ids is the released one
 * (src/test/resources/golden/type-ids.txt, never rewritten after 0.1.0), and a configuration from another library
 * travels by its class name.
 */
class SeamTypeIdsTest {
    private static final Path RELEASED = Path.of("src/test/resources/golden/type-ids.txt");
    private static final List<Class<?>> SEAMS = List.of(
            PerturbationConfig.class, SecondPassConfig.class, StepAlgorithmConfig.class, GradientTransformConfig.class);

    @Test
    void theTableIsTheReleasedOneAndEveryIdNamesASeamConfiguration() throws IOException, ClassNotFoundException {
        StringBuilder table = new StringBuilder();
        for (Map.Entry<String, String> id : SeamTypeIds.ids().entrySet()) {
            table.append(id.getKey()).append(' ').append(id.getValue()).append('\n');
            Class<?> type = Class.forName(id.getValue());
            assertEquals(
                    1,
                    SEAMS.stream().filter(seam -> seam.isAssignableFrom(type)).count(),
                    id.getKey());
        }
        if (Boolean.getBoolean("golden.model.update")) {
            Files.writeString(RELEASED, table.toString(), StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(RELEASED, StandardCharsets.UTF_8), table.toString(), "renamed or removed ids");
    }

    @Test
    void noPresetNamesAClassOfThisLibrary() {
        for (SamPresets.Preset preset : SamPresets.all()) {
            String json =
                    preset.config(new SamPresets.Parameters(0.1, 0.5, 2, 100)).toJson();
            assertFalse(json.contains("org.dl4jsam"), preset.name() + ": " + json);
        }
    }

    @Test
    void aConfigurationOfAnotherLibraryTravelsByItsClassName() {
        SamConfig config = SamConfig.sam(0.1).withPerturbation(new StepSeamTest.EmaDirection(0.1, 0.3));
        String json = config.toJson();
        assertTrue(json.contains("\"type\" : \"" + StepSeamTest.EmaDirection.class.getName() + "\""), json);
        assertEquals(config, SamConfig.fromJson(json));
    }

    @Test
    void anUnknownIdIsRefusedWithTheSeamsIds() {
        String json = SamConfig.sam(0.1).toJson().replace("\"type\" : \"sam\"", "\"type\" : \"sharpness\"");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SamConfig.fromJson(json));
        assertTrue(
                unknown.getMessage().contains("\"sharpness\"")
                        && unknown.getMessage().contains("vasso"),
                unknown.getMessage());
        String notAPerturbation = SamConfig.sam(0.1).toJson().replace("\"type\" : \"sam\"", "\"type\" : \"saner\"");
        assertThrows(IllegalArgumentException.class, () -> SamConfig.fromJson(notAPerturbation));
    }
}

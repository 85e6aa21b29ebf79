package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SamPresets;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.learning.config.Nesterovs;
import scala.reflect.ClassTag$;

/**
 * Kryo, the serializer DL4J recommends for Spark: with {@link SamKryoRegistrator} every preset's configuration
 * survives Spark's Kryo serializer (with DL4J's {@code Nd4jRegistrator} alone it does not: Kryo 4 cannot write
 * records), and parameter-averaging training follows the one-machine schedule as it does with Java serialization.
 */
class KryoTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start(2, true);
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    private static Object roundTrip(String registrator, Object value) {
        SerializerInstance kryo =
                new KryoSerializer(new SparkConf().set("spark.kryo.registrator", registrator)).newInstance();
        ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
        return kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void everyPresetsUpdaterSurvivesSparksKryoWithTheRegistrator() {
        for (SamPresets.Preset preset : SamPresets.all()) {
            String name = preset.name();
            SamConfig config = preset.config(new SamPresets.Parameters(0.1, 0.5, 2, 40));
            SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), config);
            assertEquals(updater, roundTrip(SamKryoRegistrator.class.getName(), updater), name);
        }
    }

    @Test
    void dl4jsRegistratorAloneCannotWriteTheRecords() {
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), SamConfig.sam(0.05));
        RuntimeException failure =
                assertThrows(RuntimeException.class, () -> roundTrip("org.nd4j.kryo.Nd4jRegistrator", updater));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("record"), messages.toString());
    }

    @ParameterizedTest(name = "graph = {0}")
    @ValueSource(booleans = {true, false})
    void parameterAveragingWithKryoFollowsTheOneMachineSchedule(boolean graph) {
        ParameterAveragingTest.followsTheOneMachineSchedule(sc, graph, "pa-kryo-" + graph);
    }
}

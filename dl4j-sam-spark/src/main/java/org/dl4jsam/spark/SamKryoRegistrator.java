package org.dl4jsam.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * The Kryo registrator for Spark training with SAM: DL4J's {@code Nd4jRegistrator} (ND4J arrays), plus Java
 * serialization for every Java record — the SAM configurations ({@code SamConfig} and its parts) are records,
 * which Kryo 4 (Spark 3's) cannot serialize field by field — and for {@link TrainingCountsListener}, which
 * writes the driver's counts when it is serialized.
 *
 * <pre>{@code
 * sparkConf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
 *          .set("spark.kryo.registrator", "org.dl4jsam.spark.SamKryoRegistrator");
 * }</pre>
 */
public class SamKryoRegistrator implements KryoRegistrator {
    private final Nd4jRegistrator nd4j = new Nd4jRegistrator();

    @Override
    public void registerClasses(Kryo kryo) {
        nd4j.registerClasses(kryo);
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
        kryo.register(TrainingCountsListener.class, new JavaSerializer());
    }
}

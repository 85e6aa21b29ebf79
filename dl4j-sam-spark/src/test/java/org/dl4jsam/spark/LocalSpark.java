package org.dl4jsam.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A Spark context in local mode for the tests (loopback only, no UI). */
final class LocalSpark {
    private LocalSpark() {}

    static JavaSparkContext start(int threads, boolean kryo) {
        SparkConf conf = new SparkConf()
                .setMaster("local[" + threads + "]")
                .setAppName("dl4j-sam-spark-test")
                .set("spark.driver.host", "localhost")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        if (kryo) {
            conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", SamKryoRegistrator.class.getName());
        }
        return new JavaSparkContext(conf);
    }
}

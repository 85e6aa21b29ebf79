/**
 * Sharpness-aware training in DL4J's Spark training: {@link org.dl4jsam.spark.SparkSam} attaches SAM to a
 * {@code SparkComputationGraph} or {@code SparkDl4jMultiLayer} (parameter averaging and shared training),
 * {@link org.dl4jsam.spark.SamKryoRegistrator} lets Kryo carry the configurations, and
 * {@link org.dl4jsam.spark.SparkLabelNoise} injects label noise into an RDD independently of its partitioning.
 */
package org.dl4jsam.spark;

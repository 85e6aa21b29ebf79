package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.dl4jsam.noisylabels.InstanceDependentNoise;
import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.NoiseSpec;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.dl4jsam.noisylabels.SymmetricNoise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Label noise through an RDD: the same noise whatever the partitioning, and the same as on one machine. */
class SparkLabelNoiseTest {
    private static final int EXAMPLES = 90;

    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start(2, false);
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    /** Examples in DataSets of uneven sizes (1 to 4 rows), so that partitions cut across them differently. */
    private static List<DataSet> data() {
        List<DataSet> single = SparkTestNets.examples(EXAMPLES, 9);
        List<DataSet> grouped = new ArrayList<>();
        int i = 0;
        int size = 1;
        while (i < single.size()) {
            int end = Math.min(single.size(), i + size);
            grouped.add(DataSet.merge(single.subList(i, end)));
            i = end;
            size = size % 4 + 1;
        }
        return grouped;
    }

    private static int[] labelsOf(List<DataSet> dataSets) {
        return dataSets.stream()
                .flatMapToInt(
                        d -> java.util.Arrays.stream(d.getLabels().argMax(1).toIntVector()))
                .toArray();
    }

    private static void sameNoiseOverOneTwoAndThreePartitions(NoiseSpec spec, NoisyLabels expected) {
        for (int partitions = 1; partitions <= 3; partitions++) {
            SparkLabelNoise.Result result = SparkLabelNoise.apply(sc.parallelize(data(), partitions), spec, 17);
            assertArrayEquals(expected.noisy(), result.labels().noisy(), partitions + " partitions: labels");
            assertArrayEquals(expected.clean(), result.labels().clean(), partitions + " partitions: clean labels");
            List<DataSet> relabelled = result.data().collect();
            assertArrayEquals(expected.noisy(), labelsOf(relabelled), partitions + " partitions: the RDD's labels");
            assertEquals(data().get(5).getFeatures(), relabelled.get(5).getFeatures(), "features untouched");
        }
    }

    @Test
    void symmetricNoiseIsTheOneMachineNoiseWhateverThePartitioning() {
        SymmetricNoise spec = SymmetricNoise.paperProtocol(0.4);
        NoisyLabels expected = spec.apply(NoiseInput.of(labelsOf(data()), SparkTestNets.CLASSES), 17);
        assertTrue(expected.noisyCount() > 0);
        sameNoiseOverOneTwoAndThreePartitions(spec, expected);
    }

    @Test
    void instanceDependentNoiseGathersTheFeatures() {
        InstanceDependentNoise spec = new InstanceDependentNoise(0.3, 0.1, 1.0);
        List<DataSet> data = data();
        INDArray features =
                Nd4j.concat(0, data.stream().map(DataSet::getFeatures).toArray(INDArray[]::new));
        NoisyLabels expected = spec.apply(new NoiseInput(labelsOf(data), SparkTestNets.CLASSES, null, features), 17);
        sameNoiseOverOneTwoAndThreePartitions(spec, expected);
    }

    @Test
    void labelsThatAreNotOneHotAreRefused() {
        DataSet soft = new DataSet(
                Nd4j.zeros(DataType.DOUBLE, 2, SparkTestNets.INPUTS), Nd4j.valueArrayOf(new long[] {2, 3}, 0.5));
        IllegalArgumentException failure = assertThrows(
                IllegalArgumentException.class,
                () -> SparkLabelNoise.apply(sc.parallelize(List.of(soft), 1), SymmetricNoise.paperProtocol(0.4), 1));
        assertTrue(failure.getMessage().contains("one-hot"), failure.getMessage());
    }
}

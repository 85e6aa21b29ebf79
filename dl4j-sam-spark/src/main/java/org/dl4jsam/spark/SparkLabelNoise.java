package org.dl4jsam.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.dl4jsam.noisylabels.InstanceDependentNoise;
import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.NoiseSpec;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Label noise for an RDD of {@code DataSet}s, exactly as on one machine: the clean labels (the argmax of each
 * one-hot row) are gathered in the RDD's order, the {@link NoiseSpec} draws the noisy labels from them once, on
 * the driver, and each example gets the noisy label of its place in that order. The noise therefore depends on
 * the spec, the seed and the order of the examples only — not on how the RDD is partitioned. The clean labels
 * stay on the driver ({@link Result#labels()}) for memorization metrics.
 *
 * <p>The RDD is traversed twice (labels, then relabelling): it must give the same examples in the same order
 * each time (a parallelized collection, files read in a fixed order, or {@code cache()} it). Instance-dependent
 * noise also gathers the flattened features on the driver.
 */
public final class SparkLabelNoise {
    private SparkLabelNoise() {}

    /**
     * An RDD with noisy labels, and the labels with their clean counterparts.
     *
     * @param data the examples, labels replaced by one-hot noisy labels (features and masks shared)
     * @param labels noisy and clean label of each example, by its place in the RDD's order
     */
    public record Result(JavaRDD<DataSet> data, NoisyLabels labels) {}

    /**
     * @param data examples with one-hot labels [n, C] (any number per {@code DataSet})
     * @param spec the noise model
     * @param seed its seed
     * @return the noisy RDD and the labels
     * @throws IllegalArgumentException when the RDD is empty or its labels are not one-hot rows of one width
     */
    public static Result apply(JavaRDD<DataSet> data, NoiseSpec spec, long seed) {
        List<int[]> perElement = data.map(SparkLabelNoise::cleanLabels).collect();
        int examples =
                perElement.stream().mapToInt(a -> Math.max(0, a.length - 1)).sum();
        if (perElement.isEmpty()) {
            throw new IllegalArgumentException("SparkLabelNoise: the RDD holds no examples");
        }
        int numClasses = perElement.get(0)[0];
        int[] clean = new int[examples];
        long[] starts = new long[perElement.size()];
        int offset = 0;
        for (int i = 0; i < perElement.size(); i++) {
            int[] element = perElement.get(i);
            if (element[0] < 0) {
                throw new IllegalArgumentException(
                        "SparkLabelNoise: the labels of DataSet " + i + " of the RDD are not "
                                + "one-hot rows [n, C]: noise is drawn from hard labels (convert soft or sequence labels first)");
            }
            if (element[0] != numClasses) {
                throw new IllegalArgumentException(
                        "SparkLabelNoise: DataSet " + i + " has labels of width " + element[0] + ", the first has "
                                + numClasses + ": every DataSet must have one-hot labels [n, C]");
            }
            starts[i] = offset;
            System.arraycopy(element, 1, clean, offset, element.length - 1);
            offset += element.length - 1;
        }
        INDArray features = spec instanceof InstanceDependentNoise ? gatherFeatures(data) : null;
        NoisyLabels labels = spec.apply(new NoiseInput(clean, numClasses, null, features), seed);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(data.context());
        Broadcast<int[]> noisy = context.broadcast(labels.noisy());
        Broadcast<long[]> offsets = context.broadcast(starts);
        JavaRDD<DataSet> relabelled = data.zipWithIndex()
                .map(pair -> relabel(pair._1(), (int) offsets.value()[Math.toIntExact(pair._2())], noisy.value()));
        return new Result(relabelled, labels);
    }

    /**
     * @return {@code [C, y_0, y_1, …]} for a DataSet's one-hot labels, or {@code [-1]} when they are not one-hot
     *     rows (reported on the driver, where the caller sees it)
     */
    private static int[] cleanLabels(DataSet dataSet) {
        INDArray labels = dataSet.getLabels();
        if (labels == null || labels.rank() != 2) {
            return new int[] {-1};
        }
        INDArray sums = labels.sum(1);
        if (sums.minNumber().doubleValue() != 1.0
                || sums.maxNumber().doubleValue() != 1.0
                || labels.maxNumber().doubleValue() != 1.0) {
            return new int[] {-1};
        }
        int[] classes = labels.argMax(1).toIntVector();
        int[] result = new int[classes.length + 1];
        result[0] = Math.toIntExact(labels.columns());
        System.arraycopy(classes, 0, result, 1, classes.length);
        return result;
    }

    private static INDArray gatherFeatures(JavaRDD<DataSet> data) {
        List<INDArray> features =
                data.map(d -> d.getFeatures().reshape(d.numExamples(), -1)).collect();
        return Nd4j.concat(0, features.toArray(new INDArray[0]));
    }

    private static DataSet relabel(DataSet dataSet, int start, int[] noisy) {
        INDArray labels = dataSet.getLabels();
        INDArray relabelled = Nd4j.zeros(labels.dataType(), labels.shape());
        for (int i = 0; i < labels.rows(); i++) {
            relabelled.putScalar(i, noisy[start + i], 1.0);
        }
        return new DataSet(
                dataSet.getFeatures(), relabelled, dataSet.getFeaturesMaskArray(), dataSet.getLabelsMaskArray());
    }
}

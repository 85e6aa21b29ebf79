package org.dl4jsam.updaters.spi;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * One minibatch as a model holds it during {@code fit}: features and labels per input and output, and
 * their masks (entries may be null; a model without masks has null mask arrays). Examples lie along
 * dimension 0 of every array.
 */
public final class Batch {
    private final INDArray[] features;
    private final INDArray[] labels;
    private final INDArray[] featureMasks;
    private final INDArray[] labelMasks;
    /** The rows of the step's batch this batch holds, in order; null for the whole batch. */
    private final long[] stepRows;

    /**
     * @param features one array per network input
     * @param labels one array per network output
     * @param featureMasks one mask per input, or null for none
     * @param labelMasks one mask per output, or null for none
     */
    public Batch(INDArray[] features, INDArray[] labels, INDArray[] featureMasks, INDArray[] labelMasks) {
        this(features, labels, featureMasks, labelMasks, null);
    }

    private Batch(
            INDArray[] features, INDArray[] labels, INDArray[] featureMasks, INDArray[] labelMasks, long[] stepRows) {
        this.stepRows = stepRows;
        this.features = Checks.notNull("Batch", "features", features).clone();
        this.labels = Checks.notNull("Batch", "labels", labels).clone();
        this.featureMasks = featureMasks == null ? null : featureMasks.clone();
        this.labelMasks = labelMasks == null ? null : labelMasks.clone();
        if (features.length == 0 || features[0] == null) {
            throw new IllegalArgumentException("Batch: no features (the model holds no input: is this inside fit?)");
        }
    }

    /**
     * @param masks the label masks to use instead (null: none)
     * @return the same examples with those label masks
     */
    public Batch withLabelMasks(INDArray[] masks) {
        return new Batch(features, labels, featureMasks, masks, stepRows);
    }

    /** @return whether every label mask exists and is all zero: no example of this batch counts in the loss */
    public boolean isMaskedOut() {
        if (labelMasks == null || labelMasks.length == 0) {
            return false;
        }
        for (INDArray mask : labelMasks) {
            if (mask == null || mask.amaxNumber().doubleValue() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param data a DataSet (features, labels and their masks)
     * @return the same arrays as a batch
     */
    public static Batch of(org.nd4j.linalg.dataset.api.DataSet data) {
        Checks.notNull("Batch", "data", data);
        return new Batch(
                new INDArray[] {data.getFeatures()},
                new INDArray[] {data.getLabels()},
                data.getFeaturesMaskArray() == null ? null : new INDArray[] {data.getFeaturesMaskArray()},
                data.getLabelsMaskArray() == null ? null : new INDArray[] {data.getLabelsMaskArray()});
    }

    /**
     * @return which examples of the batch it was taken from this part holds ({@link #rows}, {@link #select}),
     *     in order, as indices into that batch; null for a batch that is no part of another
     */
    public long[] stepRows() {
        return stepRows == null ? null : stepRows.clone();
    }

    /** @return the number of examples */
    public long size() {
        return features[0].size(0);
    }

    /** @return the features, one array per network input */
    public INDArray[] features() {
        return features.clone();
    }

    /** @return the labels, one array per network output */
    public INDArray[] labels() {
        return labels.clone();
    }

    /** @return the feature masks, or null */
    public INDArray[] featureMasks() {
        return featureMasks == null ? null : featureMasks.clone();
    }

    /** @return the label masks, or null */
    public INDArray[] labelMasks() {
        return labelMasks == null ? null : labelMasks.clone();
    }

    /**
     * Examples {@code [from, to)} as views (no copy).
     *
     * @param from first example
     * @param to one past the last example
     * @return the part
     */
    public Batch rows(long from, long to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException(
                    "Batch.rows: [" + from + ", " + to + ") is not a non-empty range of the " + size() + " examples");
        }
        long[] part = new long[(int) (to - from)];
        for (int i = 0; i < part.length; i++) {
            part[i] = from + i;
        }
        return map(a -> a.get(indices(a.rank(), NDArrayIndex.interval(from, to))), part);
    }

    /**
     * The given examples, in the given order (a copy).
     *
     * @param rows example indices
     * @return the part
     */
    public Batch select(long... rows) {
        for (long row : rows) {
            if (row < 0 || row >= size()) {
                throw new IllegalArgumentException(
                        "Batch.select: row " + row + " is not one of the " + size() + " examples");
            }
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("Batch.select: no rows");
        }
        return map(a -> a.get(indices(a.rank(), new SpecifiedIndex(rows))), rows.clone());
    }

    private static INDArrayIndex[] indices(int rank, INDArrayIndex first) {
        INDArrayIndex[] indices = new INDArrayIndex[rank];
        Arrays.fill(indices, NDArrayIndex.all());
        indices[0] = first;
        return indices;
    }

    /** The part {@code rows} (indices into this batch) mapped to indices into the step's batch. */
    private Batch map(java.util.function.UnaryOperator<INDArray> part, long[] rows) {
        long[] inStep = rows;
        if (stepRows != null) {
            inStep = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
                inStep[i] = stepRows[(int) rows[i]];
            }
        }
        return new Batch(
                apply(features, part), apply(labels, part), apply(featureMasks, part), apply(labelMasks, part), inStep);
    }

    private static INDArray[] apply(INDArray[] arrays, java.util.function.UnaryOperator<INDArray> part) {
        if (arrays == null) {
            return null;
        }
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = arrays[i] == null ? null : part.apply(arrays[i]);
        }
        return out;
    }
}

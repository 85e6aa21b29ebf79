package org.dl4jsam.noisylabels.dl4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datavec.api.transform.metadata.ColumnMetaData;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.transform.transform.BaseTransform;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Writable;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A DataVec {@code Transform} that replaces the integer label column of each record by the noisy
 * label of the record's example, found through an example-index column. The clean label is
 * overwritten in place, so it cannot leak into the features; the transform checks that the record's
 * label is the expected clean label, which catches a misaligned index column. Survives
 * {@code TransformProcess.toJson()/fromJson()} (the label arrays are part of the JSON).
 */
public final class NoisyLabelTransform extends BaseTransform {
    private static final long serialVersionUID = 1L;

    private final String indexColumn;
    private final String labelColumn;
    private final int[] noisyLabels;
    private final int[] cleanLabels;

    /**
     * @param indexColumn the integer column holding each record's example index
     * @param labelColumn the label column whose value is replaced by the noisy label
     * @param noisyLabels the noisy label of every example
     * @param cleanLabels the clean label of every example (kept for measurement)
     */
    @JsonCreator
    public NoisyLabelTransform(
            @JsonProperty("indexColumn") String indexColumn,
            @JsonProperty("labelColumn") String labelColumn,
            @JsonProperty("noisyLabels") int[] noisyLabels,
            @JsonProperty("cleanLabels") int[] cleanLabels) {
        if (indexColumn == null || labelColumn == null || indexColumn.equals(labelColumn)) {
            throw new IllegalArgumentException("NoisyLabelTransform: give distinct index and label column names");
        }
        if (noisyLabels == null || cleanLabels == null || noisyLabels.length != cleanLabels.length) {
            throw new IllegalArgumentException(
                    "NoisyLabelTransform: noisy and clean labels must have one entry per example");
        }
        this.indexColumn = indexColumn;
        this.labelColumn = labelColumn;
        this.noisyLabels = noisyLabels.clone();
        this.cleanLabels = cleanLabels.clone();
    }

    /**
     * @param indexColumn the integer column holding each record's example index
     * @param labelColumn the label column whose value is replaced by the noisy label
     * @param labels the noisy labels with the clean ones
     * @return the transform
     */
    public static NoisyLabelTransform of(String indexColumn, String labelColumn, NoisyLabels labels) {
        return new NoisyLabelTransform(indexColumn, labelColumn, labels.noisy(), labels.clean());
    }

    /** @return the example-index column */
    public String getIndexColumn() {
        return indexColumn;
    }

    /** @return the label column */
    public String getLabelColumn() {
        return labelColumn;
    }

    /** @return a copy of the noisy labels */
    public int[] getNoisyLabels() {
        return noisyLabels.clone();
    }

    /** @return a copy of the clean labels */
    public int[] getCleanLabels() {
        return cleanLabels.clone();
    }

    @Override
    public Schema transform(Schema inputSchema) {
        requireColumn(inputSchema, indexColumn);
        requireColumn(inputSchema, labelColumn);
        return inputSchema;
    }

    @Override
    public List<Writable> map(List<Writable> writables) {
        Schema schema = getInputSchema();
        if (schema == null) {
            throw new IllegalStateException(
                    "NoisyLabelTransform has no input schema: use it inside a TransformProcess");
        }
        int indexPosition = schema.getIndexOfColumn(indexColumn);
        int labelPosition = schema.getIndexOfColumn(labelColumn);
        long index = writables.get(indexPosition).toLong();
        if (index < 0 || index >= noisyLabels.length) {
            throw new IllegalArgumentException("NoisyLabelTransform: example index " + index + " is outside [0, "
                    + noisyLabels.length + "): the index column does not match the labels this transform was made for");
        }
        int label = writables.get(labelPosition).toInt();
        if (label != cleanLabels[(int) index]) {
            throw new IllegalArgumentException("NoisyLabelTransform: record " + index + " has label " + label
                    + " but its clean label is " + cleanLabels[(int) index]
                    + ": the index column is misaligned with the data (shuffled before indexing?)");
        }
        List<Writable> out = new ArrayList<>(writables);
        out.set(labelPosition, new IntWritable(noisyLabels[(int) index]));
        return out;
    }

    @Override
    public Object map(Object input) {
        throw new UnsupportedOperationException("NoisyLabelTransform maps whole records (it needs the index column)");
    }

    @Override
    public Object mapSequence(Object sequence) {
        throw new UnsupportedOperationException("NoisyLabelTransform maps whole records (it needs the index column)");
    }

    @Override
    public String outputColumnName() {
        return labelColumn;
    }

    @Override
    public String[] outputColumnNames() {
        return new String[] {labelColumn};
    }

    @Override
    public String[] columnNames() {
        return new String[] {indexColumn, labelColumn};
    }

    @Override
    public String columnName() {
        return labelColumn;
    }

    private static void requireColumn(Schema schema, String name) {
        if (!schema.hasColumn(name)) {
            throw new IllegalArgumentException("NoisyLabelTransform: the schema has no column \"" + name
                    + "\"; columns: " + schema.getColumnNames());
        }
        ColumnMetaData meta = schema.getMetaData(name);
        switch (meta.getColumnType()) {
            case Integer, Long -> {}
            default -> throw new IllegalArgumentException("NoisyLabelTransform: column \"" + name + "\" is "
                    + meta.getColumnType() + ", expected an integer");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoisyLabelTransform t
                && indexColumn.equals(t.indexColumn)
                && labelColumn.equals(t.labelColumn)
                && Arrays.equals(noisyLabels, t.noisyLabels)
                && Arrays.equals(cleanLabels, t.cleanLabels);
    }

    @Override
    public int hashCode() {
        return 31 * indexColumn.hashCode() + 17 * labelColumn.hashCode() + Arrays.hashCode(noisyLabels);
    }

    @Override
    public String toString() {
        return "NoisyLabelTransform(indexColumn=" + indexColumn + ", labelColumn=" + labelColumn + ", examples="
                + noisyLabels.length + ")";
    }
}

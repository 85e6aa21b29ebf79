package org.dl4jsam.noisylabels.dl4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.dl4jsam.noisylabels.CounterRandom;
import org.dl4jsam.noisylabels.NoiseStreams;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An index-aware {@link DataSetIterator} over in-memory features: yields minibatches with one-hot
 * <em>noisy</em> labels and the examples' indices in {@code exampleMetaData} (as {@link Integer}),
 * so the clean label of every example stays recoverable through {@link NoisyLabels}. Optional
 * per-epoch shuffling and augmentation are pure functions of (seed, index, epoch); the epoch
 * advances on {@link #reset()}.
 */
public final class NoisyLabelIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final ExampleFeatures rows;
    private final int[] labels;
    private final int numClasses;
    private final int[] indices;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final CropFlipAugmentation augmentation;
    private DataSetPreProcessor preProcessor;
    private int[] order;
    private int cursor;
    private int epoch;

    /**
     * @param features all examples' features [N, …] (index i is example i)
     * @param labels the labels to train on for all N examples (noisy labels)
     * @param numClasses C
     * @param indices the examples to iterate over (e.g. the training part of a split)
     * @param batchSize minibatch size
     * @param shuffle whether to reshuffle every epoch
     * @param seed seed of shuffling and augmentation
     * @param augmentation crop/flip augmentation of [N, C, H, W] features, or null
     */
    public NoisyLabelIterator(
            INDArray features,
            int[] labels,
            int numClasses,
            int[] indices,
            int batchSize,
            boolean shuffle,
            long seed,
            CropFlipAugmentation augmentation) {
        this(ExampleFeatures.of(features), labels, numClasses, indices, batchSize, shuffle, seed, augmentation);
    }

    /**
     * As {@link #NoisyLabelIterator(INDArray, int[], int, int[], int, boolean, long, CropFlipAugmentation)}, with
     * features fetched per minibatch (in memory or read on demand).
     *
     * @param features all examples' features (index i is example i)
     * @param labels the labels to train on for all N examples (noisy labels)
     * @param numClasses C
     * @param indices the examples to iterate over (e.g. the training part of a split)
     * @param batchSize minibatch size
     * @param shuffle whether to reshuffle every epoch
     * @param seed seed of shuffling and augmentation
     * @param augmentation crop/flip augmentation of [N, C, H, W] features, or null
     */
    public NoisyLabelIterator(
            ExampleFeatures features,
            int[] labels,
            int numClasses,
            int[] indices,
            int batchSize,
            boolean shuffle,
            long seed,
            CropFlipAugmentation augmentation) {
        if (features.size() != labels.length) {
            throw new IllegalArgumentException(
                    "NoisyLabelIterator: " + features.size() + " feature rows for " + labels.length + " labels");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("NoisyLabelIterator: batchSize = " + batchSize + "; it must be ≥ 1");
        }
        if (augmentation != null && features.exampleShape().length != 3) {
            throw new IllegalArgumentException("NoisyLabelIterator: augmentation needs image features [N, C, H, W]");
        }
        for (int index : indices) {
            if (index < 0 || index >= labels.length) {
                throw new IllegalArgumentException("NoisyLabelIterator: example index " + index + " is out of range");
            }
        }
        this.rows = features;
        this.labels = labels;
        this.numClasses = numClasses;
        this.indices = indices.clone();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentation = augmentation;
        this.order = epochOrder();
    }

    /**
     * @param batch a batch this iterator produced
     * @return the example indices it carries
     */
    public static int[] exampleIndices(DataSet batch) {
        List<Serializable> meta = batch.getExampleMetaData();
        if (meta == null) {
            throw new IllegalArgumentException("this DataSet carries no example indices (exampleMetaData is empty)");
        }
        return meta.stream().mapToInt(o -> (Integer) o).toArray();
    }

    /** @return the epoch whose order (and augmentation) the iterator is serving */
    public int epoch() {
        return epoch;
    }

    /**
     * Continue from a given epoch (e.g. after restoring a checkpoint): same order and augmentation as then.
     *
     * @param epoch the epoch
     */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
        this.order = epochOrder();
        this.cursor = 0;
    }

    /** @return every batch of one unshuffled pass, e.g. to parallelize as a Spark RDD */
    public List<DataSet> toDataSets() {
        List<DataSet> out = new ArrayList<>();
        for (int start = 0; start < indices.length; start += batchSize) {
            out.add(batch(Arrays.copyOfRange(indices, start, Math.min(indices.length, start + batchSize)), false));
        }
        return out;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is exhausted: call reset()");
        }
        int[] batchIndices = Arrays.copyOfRange(order, cursor, Math.min(order.length, cursor + num));
        cursor += batchIndices.length;
        return batch(batchIndices, true);
    }

    private DataSet batch(int[] batchIndices, boolean augment) {
        INDArray features = rows.rows(batchIndices);
        if (augment && augmentation != null) {
            features = augmentation.apply(features, batchIndices, seed, epoch);
        }
        INDArray oneHot = Nd4j.zeros(
                features.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT,
                batchIndices.length,
                numClasses);
        List<Integer> meta = new ArrayList<>(batchIndices.length);
        for (int k = 0; k < batchIndices.length; k++) {
            oneHot.putScalar(k, labels[batchIndices[k]], 1.0);
            meta.add(batchIndices[k]);
        }
        DataSet data = new DataSet(features, oneHot);
        data.setExampleMetaData(meta);
        if (preProcessor != null) {
            preProcessor.preProcess(data);
        }
        return data;
    }

    private int[] epochOrder() {
        if (!shuffle) {
            return indices.clone();
        }
        long[][] keyed = new long[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            keyed[k] = new long[] {CounterRandom.bits(seed, NoiseStreams.SHUFFLE, indices[k], epoch), indices[k]};
        }
        Arrays.sort(keyed, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] out = new int[indices.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (int) keyed[k][1];
        }
        return out;
    }

    @Override
    public int inputColumns() {
        long columns = 1;
        for (long d : rows.exampleShape()) {
            columns *= d;
        }
        return (int) columns;
    }

    @Override
    public int totalOutcomes() {
        return numClasses;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        epoch++;
        order = epochOrder();
        cursor = 0;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}

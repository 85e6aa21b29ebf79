package org.dl4jsam.noisylabels.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.DoubleWritable;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.LongWritable;
import org.datavec.api.writable.Writable;
import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.dl4jsam.noisylabels.SymmetricNoise;
import org.dl4jsam.noisylabels.TestLabels;
import org.dl4jsam.noisylabels.datasets.Subsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** DataVec transform, index-aware iterator and splits: order- and partition-independent noise. */
class DataVecAndIteratorTest {
    private static final int N = 200;
    private static final int[] CLEAN = TestLabels.balanced(N, 10);
    private static final NoisyLabels LABELS = SymmetricNoise.paperProtocol(0.4).apply(NoiseInput.of(CLEAN, 10), 11);

    private static Schema schema() {
        return new Schema.Builder()
                .addColumnLong("index")
                .addColumnDouble("feature")
                .addColumnInteger("label")
                .build();
    }

    private static List<Writable> record(int i) {
        return List.of(new LongWritable(i), new DoubleWritable(i * 0.5), new IntWritable(CLEAN[i]));
    }

    @Test
    void transformSurvivesJsonAndIsIndependentOfOrderAndPartitioning() {
        TransformProcess process = new TransformProcess.Builder(schema())
                .transform(NoisyLabelTransform.of("index", "label", LABELS))
                .build();
        TransformProcess read = TransformProcess.fromJson(process.toJson());
        assertEquals(process.getActionList(), read.getActionList());

        List<Integer> order = new ArrayList<>(IntStream.range(0, N).boxed().toList());
        Collections.shuffle(order, new Random(5));
        Map<Integer, Integer> shuffled = new HashMap<>();
        for (int i : order) {
            List<Writable> out = read.execute(record(i));
            shuffled.put((int) out.get(0).toLong(), out.get(2).toInt());
            assertEquals(i * 0.5, out.get(1).toDouble(), 0.0, "features untouched");
            assertEquals(3, out.size(), "no clean-label column leaks into the record");
        }
        // Two "partitions", each processed by its own deserialized copy.
        TransformProcess left = TransformProcess.fromJson(process.toJson());
        TransformProcess right = TransformProcess.fromJson(process.toJson());
        for (int i = 0; i < N; i++) {
            List<Writable> out = (i % 2 == 0 ? left : right).execute(record(i));
            assertEquals(LABELS.noisy()[i], out.get(2).toInt());
            assertEquals(LABELS.noisy()[i], (int) shuffled.get(i));
        }
    }

    @Test
    void transformRejectsAMisalignedIndexColumn() {
        TransformProcess process = new TransformProcess.Builder(schema())
                .transform(NoisyLabelTransform.of("index", "label", LABELS))
                .build();
        List<Writable> wrong =
                List.of(new LongWritable(3), new DoubleWritable(0), new IntWritable((CLEAN[3] + 1) % 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> process.execute(wrong));
        assertTrue(e.getMessage().contains("misaligned"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransformProcess.Builder(schema())
                .transform(NoisyLabelTransform.of("row", "label", LABELS))
                .build());
    }

    private static INDArray images(int n) {
        return Nd4j.rand(DataType.FLOAT, n, 1, 4, 4);
    }

    @Test
    void iteratorYieldsNoisyOneHotLabelsAndIndicesInAnyOrder() {
        INDArray features = images(N);
        NoisyLabelIterator iterator = new NoisyLabelIterator(
                features, LABELS.noisy(), 10, IntStream.range(0, N).toArray(), 32, true, 9, null);
        List<Integer> firstEpoch = new ArrayList<>();
        while (iterator.hasNext()) {
            DataSet batch = iterator.next();
            int[] indices = NoisyLabelIterator.exampleIndices(batch);
            for (int k = 0; k < indices.length; k++) {
                assertEquals(
                        LABELS.noisy()[indices[k]],
                        batch.getLabels().getRow(k).argMax().getInt(0));
                assertEquals(
                        features.getFloat(indices[k], 0, 1, 2),
                        batch.getFeatures().getFloat(k, 0, 1, 2),
                        0f);
                firstEpoch.add(indices[k]);
            }
        }
        assertEquals(N, firstEpoch.size());
        assertEquals(N, firstEpoch.stream().distinct().count());
        iterator.reset();
        List<Integer> secondEpoch = new ArrayList<>();
        while (iterator.hasNext()) {
            for (int i : NoisyLabelIterator.exampleIndices(iterator.next())) {
                secondEpoch.add(i);
            }
        }
        assertNotEquals(firstEpoch, secondEpoch, "reshuffled every epoch");
        NoisyLabelIterator again = new NoisyLabelIterator(
                features, LABELS.noisy(), 10, IntStream.range(0, N).toArray(), 32, true, 9, null);
        again.setEpoch(1);
        assertArrayEquals(
                secondEpoch.subList(0, 32).stream().mapToInt(Integer::intValue).toArray(),
                NoisyLabelIterator.exampleIndices(again.next()),
                "the order of an epoch is reproducible (resume)");
        assertEquals(7, iterator.toDataSets().size(), "⌈200/32⌉ batches for distributed training");
    }

    @Test
    void augmentationShiftsAndFlipsDeterministically() {
        INDArray one = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(1, 1, 4, 4);
        CropFlipAugmentation augmentation = new CropFlipAugmentation(1, true);
        INDArray a = augmentation.apply(one, new int[] {3}, 1, 0);
        INDArray b = augmentation.apply(one, new int[] {3}, 1, 0);
        assertEquals(a, b);
        // Every output pixel is zero padding or an input pixel; the multiset of kept pixels shows the shift.
        for (int trial = 0; trial < 20; trial++) {
            INDArray out = augmentation.apply(one, new int[] {trial}, 1, 0);
            for (long v : out.castTo(DataType.INT64).data().asLong()) {
                assertTrue(v >= 0 && v < 16);
            }
        }
        INDArray identity = new CropFlipAugmentation(0, false).apply(one, new int[] {0}, 1, 0);
        assertEquals(one, identity);
    }

    @Test
    void splitsAreDisjointSeededAndStratified() {
        int[] all = IntStream.range(0, 1000).toArray();
        Subsets.Split split = Subsets.validationSplit(all, 0.1, 4);
        assertEquals(100, split.validation().length);
        assertEquals(900, split.train().length);
        assertEquals(
                1000,
                IntStream.concat(IntStream.of(split.train()), IntStream.of(split.validation()))
                        .distinct()
                        .count());
        assertArrayEquals(
                split.validation(), Subsets.validationSplit(all, 0.1, 4).validation());
        int[] labels = TestLabels.balanced(1000, 10);
        int[] subset = Subsets.stratified(labels, 10, 250, 3);
        assertEquals(250, subset.length);
        int[] perClass = new int[10];
        for (int i : subset) {
            perClass[labels[i]]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(25, perClass[c]);
        }
        assertArrayEquals(new int[] {0, 1, 2}, Subsets.firstN(3, 10));
        assertThrows(IllegalArgumentException.class, () -> Subsets.firstN(11, 10));
    }
}

package org.dl4jsam.zoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

/**
 * The first steps of every CIFAR architecture at its recipe's learning rate (0.1, Nesterov momentum 0.9) on one
 * small batch of a learnable task (a bar whose row is the class): the loss starts near {@code ln 10}, never rises
 * well above it and halves, as the reference implementations train at this rate without a warm-up. The PreAct
 * ResNet-18 without its final BN-ReLU went 3.1 → 10.6 → 20.9 here and stayed above 2 (on Fashion-MNIST at batch
 * 128 it reached a loss of 10³ in PyTorch as well).
 */
class FirstStepsTest {
    private static final int STEPS = 8;
    private static final int SIZE = 16;
    private static final int BATCH = 24;

    /** Class c: a bright horizontal bar at row c·size/10 on Gaussian noise, normalized (a learnable task). */
    static INDArray barImages(INDArray labels) {
        INDArray images = ZooModelsTest.images(BATCH, 1, SIZE, 7).muli(0.3);
        for (int i = 0; i < BATCH; i++) {
            int row = labels.getRow(i).argMax().getInt(0) * SIZE / 10;
            images.get(
                            org.nd4j.linalg.indexing.NDArrayIndex.point(i),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(row),
                            org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .addi(2.0);
        }
        return images;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"preact-resnet-18", "resnet-18", "resnet-32", "wrn-16-4", "pyramidnet-110-48"})
    void theLossStaysOfTheOrderOfChanceOverTheFirstSteps(String name) {
        ComputationGraph graph = ZooPresets.create(name, ZooRecipe.cifar(10).withInput(1, SIZE, SIZE))
                .init();
        INDArray labels = ZooModelsTest.oneHot(BATCH, 10);
        INDArray images = barImages(labels);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            graph.fit(new MultiDataSet(images, labels));
            losses.add(graph.score());
        }
        double first = losses.get(0);
        double worst = losses.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double last = losses.get(STEPS - 1);
        assertTrue(first < 2 * Math.log(10), name + ": the first loss is near chance: " + losses);
        assertTrue(worst <= 3 * first, name + ": the loss never rises far above where it started: " + losses);
        assertTrue(last < first, name + ": the loss falls on a learnable batch: " + losses);
    }
}

package org.dl4jsam.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.WeightDecayConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The zoo recipe's default decay is PyTorch's {@code SGD(weight_decay=λ)}: one SGD step moves every
 * trainable parameter (biases and BatchNorm γ/β included) by exactly {@code −lr·λ·w} more than the same
 * step without decay, and leaves BatchNorm's running statistics as they are.
 */
class ZooWeightDecayTest {
    private static final double LR = 0.1;
    private static final double LAMBDA = 0.01;

    @Test
    void defaultDecayIsPytorchsOnEveryTrainableParameter() {
        ZooRecipe base = ZooRecipe.cifar(10)
                .withInput(3, 16, 16)
                .withDataType(DataType.DOUBLE)
                .withUpdater(new Sgd(LR));
        ComputationGraph decayed = ZooPresets.create(
                        "resnet-32", base.withWeightDecay(LAMBDA, ZooRecipe.DecayMode.PYTORCH))
                .init();
        ComputationGraph plain = ZooPresets.create("resnet-32", base.withWeightDecay(0.0, ZooRecipe.DecayMode.PYTORCH))
                .init();
        assertTrue(SharpnessAware.listenerOf(decayed).isPresent(), "init() attaches the step");
        Map<String, INDArray> before = copy(decayed.paramTable());
        MultiDataSet batch = new MultiDataSet(ZooModelsTest.images(2, 3, 16, 5), ZooModelsTest.oneHot(2, 10));
        decayed.fit(batch);
        plain.fit(batch);
        int statistics = 0;
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            String key = e.getKey();
            INDArray w0 = e.getValue();
            INDArray expected = plain.getParam(key).dup();
            boolean statistic = key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev");
            if (statistic) {
                statistics++;
            } else {
                expected.subi(w0.mul(LR * LAMBDA)); //       w − lr·(g + λw) = (w − lr·g) − lr·λ·w
            }
            double error = decayed.getParam(key).sub(expected).norm2Number().doubleValue();
            assertEquals(0.0, error, 1e-12 * (1 + expected.norm2Number().doubleValue()), key);
        }
        assertTrue(statistics > 0, "the network has BatchNorm running statistics");
    }

    @Test
    void dl4jModeAndDecayGivenTwiceAreExplicit() {
        ZooRecipe dl4j = ZooRecipe.cifar(10).withWeightDecay(5e-4, ZooRecipe.DecayMode.DL4J_L2);
        assertInstanceOf(Sgd.class, dl4j.withUpdater(new Sgd(0.1)).networkUpdater());
        assertEquals(5e-4, dl4j.networkL2());
        ZooRecipe pytorch = ZooRecipe.cifar(10);
        assertEquals(0.0, pytorch.networkL2());
        assertEquals(
                WeightDecayConfig.pytorch(5e-4),
                ((SharpnessAwareUpdater) pytorch.networkUpdater()).getSam().weightDecay());
        SharpnessAwareUpdater alreadyDecays = new SharpnessAwareUpdater(
                new Sgd(0.1), SamConfig.sam(0.1).withWeightDecay(WeightDecayConfig.pytorch(1e-4)));
        assertThrows(IllegalArgumentException.class, () -> pytorch.withUpdater(alreadyDecays));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> copy = new java.util.LinkedHashMap<>();
        table.forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }
}

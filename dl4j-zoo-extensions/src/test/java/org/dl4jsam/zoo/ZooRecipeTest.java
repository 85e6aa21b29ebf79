package org.dl4jsam.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The zoo produces configurations and nothing else: {@code init()} attaches no listener and keeps the recipe's
 * updater, and the recipe's L2 is DL4J's {@code .l2} on the weight tensors (one SGD step moves each weight tensor
 * by exactly {@code −lr·λ·w} more than without it, and leaves biases as they are).
 */
class ZooRecipeTest {
    private static final double LR = 0.1;
    private static final double LAMBDA = 0.01;

    @Test
    void initAttachesNothingAndTheL2ReachesTheWeightTensors() {
        ZooRecipe base = ZooRecipe.cifar(10)
                .withInput(3, 16, 16)
                .withDataType(DataType.DOUBLE)
                .withUpdater(new Sgd(LR));
        ComputationGraph decayed =
                ZooPresets.create("resnet-32", base.withL2(LAMBDA)).init();
        ComputationGraph plain = ZooPresets.create("resnet-32", base).init();
        assertTrue(decayed.getListeners() == null || decayed.getListeners().isEmpty(), "no listener attached");
        Map<String, INDArray> before = new LinkedHashMap<>();
        decayed.paramTable().forEach((key, value) -> before.put(key, value.dup()));
        MultiDataSet batch = new MultiDataSet(ZooModelsTest.images(2, 3, 16, 5), ZooModelsTest.oneHot(2, 10));
        decayed.fit(batch);
        plain.fit(batch);
        int weights = 0;
        int biases = 0;
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            String key = e.getKey();
            INDArray expected = plain.getParam(key).dup();
            if (key.endsWith("_W")) {
                weights++;
                expected.subi(e.getValue().mul(LR * LAMBDA)); // w − lr·(g + λw) = (w − lr·g) − lr·λ·w
            } else if (key.endsWith("_b")) {
                biases++;
            } else {
                continue; //                                     BatchNorm: DL4J's own rules
            }
            double error = decayed.getParam(key).sub(expected).norm2Number().doubleValue();
            assertEquals(0.0, error, 1e-12 * (1 + expected.norm2Number().doubleValue()), key);
        }
        assertTrue(weights > 0 && biases > 0, weights + " weight tensors, " + biases + " biases");
    }

    @Test
    void badRecipesAreRefusedWithTheRule() {
        IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class, () -> ZooRecipe.cifar(10).withL2(-1e-4));
        assertTrue(negative.getMessage().contains("l2 must be finite and ≥ 0"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ZooRecipe.cifar(1));
        assertThrows(IllegalArgumentException.class, () -> ZooRecipe.cifar(10).withUpdater(null));
    }
}

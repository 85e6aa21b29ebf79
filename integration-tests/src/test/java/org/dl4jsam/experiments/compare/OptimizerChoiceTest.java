package org.dl4jsam.experiments.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.dl4jsam.experiments.catalog.ModelCatalog;
import org.dl4jsam.updaters.loss.LossGce;
import org.dl4jsam.updaters.loss.LossHardBootstrap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Optimizer names with a loss ({@code sam+gce}) and the loss they put on the model. */
class OptimizerChoiceTest {
    private static ILossFunction outputLoss(ComputationGraphConfiguration conf) {
        return conf.getVertices().values().stream()
                .filter(v -> v instanceof LayerVertex l && l.getLayerConf().getLayer() instanceof BaseOutputLayer)
                .map(v -> ((BaseOutputLayer) ((LayerVertex) v).getLayerConf().getLayer()).getLossFn())
                .findFirst()
                .orElseThrow();
    }

    private static ComputationGraphConfiguration smallCnn() {
        return ModelCatalog.configuration("small-cnn", new Sgd(0.1), 1, 0, 1, 28, 28, 10);
    }

    @Test
    void aLossAfterPlusIsParsedNamedAndPutOnTheOutputLayer() {
        OptimizerChoice gce = OptimizerChoice.parse("sam+gce");
        assertEquals("sam", gce.preset().name());
        assertEquals(LossChoice.GCE, gce.loss());
        assertEquals("sam+gce", gce.cliName());
        assertEquals("erm", OptimizerChoice.parse("erm").cliName());
        assertEquals(LossChoice.CE, OptimizerChoice.parse("erm").loss());

        assertInstanceOf(LossMCXENT.class, outputLoss(LossChoice.CE.apply(smallCnn())));
        assertEquals(new LossGce(0.7), outputLoss(gce.loss().apply(smallCnn())));
        assertEquals(
                new LossHardBootstrap(0.8),
                outputLoss(OptimizerChoice.parse("erm+bootstrap").loss().apply(smallCnn())));
    }

    @Test
    void rsgdIsPlainTrainingOnTheRegularizedModel() {
        OptimizerChoice rsgd = OptimizerChoice.parse("rsgd+gce");
        assertEquals("erm", rsgd.preset().name());
        assertTrue(rsgd.regularized());
        assertEquals("rsgd+gce", rsgd.cliName());
        ComputationGraphConfiguration model = rsgd.model(smallCnn(), ExperimentConfigJsonTest.config());
        String out = model.getNetworkOutputs().get(0);
        assertEquals(
                java.util.List.of(out + org.dl4jsam.updaters.regularization.RegularizedSgd.SUFFIX),
                model.getVertexInputs().get(out));
        assertEquals(new LossGce(0.7), outputLoss(model));
        assertEquals("sam", OptimizerChoice.parse("sam").cliName());
        assertTrue(!OptimizerChoice.parse("sam").regularized());
    }

    @Test
    void anUnknownLossIsNamedWithTheChoices() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> OptimizerChoice.parse("sam+mae"));
        assertTrue(error.getMessage().contains("ce, gce, bootstrap"), error.getMessage());
    }
}

package org.dl4jsam.updaters.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Regularized SGD in double precision: the activation penalty's gradient against central finite differences of
 * {@code λ_a·Σ_i ‖h_i‖²}, the weight penalty in DL4J's score, the rewired graph's JSON, and bad input.
 */
class RegularizedSgdTest {
    private static final int N = 5;

    private static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder()
                .seed(3)
                .dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .addLayer(
                        "hidden",
                        new DenseLayer.Builder()
                                .nIn(4)
                                .nOut(6)
                                .activation(Activation.TANH)
                                .build(),
                        "in")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(6)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "hidden")
                .setOutputs("out")
                .build();
    }

    private static DataSet data() {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, N, 3);
        for (int i = 0; i < N; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(Nd4j.rand(DataType.DOUBLE, N, 4).subi(0.5), labels);
    }

    private static ComputationGraph network(ComputationGraphConfiguration conf, INDArray params) {
        ComputationGraph network = new ComputationGraph(conf);
        network.init();
        if (params != null) {
            network.setParams(params);
        }
        return network;
    }

    private static INDArray gradient(ComputationGraph network, DataSet data) {
        network.setInputs(data.getFeatures());
        network.setLabels(data.getLabels());
        network.computeGradientAndScore();
        return network.gradient().gradient().dup();
    }

    private static double activationPenalty(ComputationGraph network, DataSet data, double lambda) {
        INDArray h = network.feedForward(data.getFeatures(), false).get("hidden");
        return lambda * h.mul(h).sumNumber().doubleValue(); // the batch sum, as DL4J back-propagates it
    }

    @Test
    void theActivationPenaltysGradientMatchesFiniteDifferences() {
        double lambda = 0.3;
        DataSet data = data();
        ComputationGraph plain = network(graph(), null);
        ComputationGraph regularized =
                network(RegularizedSgd.apply(graph(), lambda, 0), plain.params().dup());
        INDArray difference = gradient(regularized, data).subi(gradient(plain, data));

        INDArray params = plain.params().dup();
        ComputationGraph probe = network(graph(), params);
        double h = 1e-6;
        double maxError = 0;
        for (int k = 0; k < params.length(); k++) {
            double original = params.getDouble(k);
            params.putScalar(k, original + h);
            probe.setParams(params);
            double plus = activationPenalty(probe, data, lambda);
            params.putScalar(k, original - h);
            probe.setParams(params);
            double minus = activationPenalty(probe, data, lambda);
            params.putScalar(k, original);
            double numeric = (plus - minus) / (2 * h);
            maxError = Math.max(maxError, Math.abs(numeric - difference.getDouble(k)));
        }
        assertTrue(maxError < 1e-7, "max |numeric − analytic| = " + maxError);
        assertTrue(difference.norm2Number().doubleValue() > 1e-3, "the penalty changes the gradient");
    }

    @Test
    void theLastLayerWeightPenaltyIsInDl4jsScoreAndTheGraphSurvivesJson() {
        double decay = 0.2;
        DataSet data = data();
        ComputationGraph plain = network(graph(), null);
        ComputationGraphConfiguration conf = RegularizedSgd.apply(graph(), 0.1, decay);
        ComputationGraph regularized = network(conf, plain.params().dup());
        INDArray w = regularized.getLayer("out").getParam("W");
        assertEquals(
                plain.score(data) + 0.5 * decay * w.mul(w).sumNumber().doubleValue(),
                regularized.score(data),
                1e-12,
                "score + (λ_w/2)·‖W‖²");
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertEquals(
                java.util.List.of("out" + RegularizedSgd.SUFFIX),
                conf.getVertexInputs().get("out"));
        regularized.fit(data); // trains through the rewired graph
        assertTrue(Double.isFinite(regularized.score()));
    }

    @Test
    void badInputIsRejectedWithTheRule() {
        assertThrows(IllegalArgumentException.class, () -> RegularizedSgd.apply(graph(), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> RegularizedSgd.apply(graph(), 0, Double.NaN));
        ComputationGraphConfiguration once = RegularizedSgd.apply(graph(), 0.1, 0.1);
        IllegalArgumentException twice =
                assertThrows(IllegalArgumentException.class, () -> RegularizedSgd.apply(once, 0.1, 0.1));
        assertTrue(twice.getMessage().contains("applied twice"), twice.getMessage());
    }
}

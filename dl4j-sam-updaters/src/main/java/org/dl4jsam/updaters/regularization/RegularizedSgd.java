package org.dl4jsam.updaters.regularization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Baek et al. (2024)'s regularized SGD on a graph configuration: before each output layer, an
 * {@link ActivationL2Vertex} penalizing the last hidden layer's activations ({@code λ_a·mean_i ‖h_i‖²}), and on
 * the output layer's weights an L2 penalty ({@code (λ_w/2)·‖W‖²}, DL4J's {@code L2Regularization}: gradient
 * {@code λ_w·W}; biases untouched; added to any L2 the layer already has). One pass per step, any optimizer.
 */
public final class RegularizedSgd {
    /** Name of the inserted vertex in front of output layer {@code out}: {@code out + SUFFIX}. */
    public static final String SUFFIX = "-activation-l2";

    private RegularizedSgd() {}

    /**
     * @param configuration a graph configuration (changed in place)
     * @param activationPenalty λ_a ≥ 0
     * @param lastLayerWeightDecay λ_w ≥ 0
     * @return the same configuration
     * @throws IllegalArgumentException for negative coefficients, or a graph without output layers
     */
    public static ComputationGraphConfiguration apply(
            ComputationGraphConfiguration configuration, double activationPenalty, double lastLayerWeightDecay) {
        if (!(lastLayerWeightDecay >= 0) || !Double.isFinite(lastLayerWeightDecay)) {
            throw new IllegalArgumentException("RegularizedSgd: lastLayerWeightDecay = " + lastLayerWeightDecay
                    + " is invalid; it must be finite and ≥ 0");
        }
        ActivationL2Vertex penalty = new ActivationL2Vertex(activationPenalty); // validates λ_a
        Map<String, GraphVertex> vertices = configuration.getVertices();
        Map<String, List<String>> inputs = configuration.getVertexInputs();
        List<String> outputs = new ArrayList<>();
        vertices.forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof BaseOutputLayer) {
                outputs.add(name);
            }
        });
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("RegularizedSgd: the graph has no output layer");
        }
        for (String out : outputs) {
            String name = out + SUFFIX;
            if (vertices.containsKey(name)) {
                throw new IllegalArgumentException(
                        "RegularizedSgd: the graph already has a vertex '" + name + "' (applied twice?)");
            }
            vertices.put(name, penalty.clone());
            inputs.put(name, inputs.get(out));
            inputs.put(out, List.of(name));
            BaseOutputLayer layer = (BaseOutputLayer)
                    ((LayerVertex) vertices.get(out)).getLayerConf().getLayer();
            List<Regularization> weights = new ArrayList<>(layer.getRegularization()); // kept: .l2(...) adds up
            if (lastLayerWeightDecay > 0) {
                weights.add(new L2Regularization(lastLayerWeightDecay));
            }
            layer.setRegularization(weights);
        }
        configuration.setTopologicalOrder(null); // recomputed by the network's init
        configuration.setTopologicalOrderStr(null);
        return configuration;
    }
}

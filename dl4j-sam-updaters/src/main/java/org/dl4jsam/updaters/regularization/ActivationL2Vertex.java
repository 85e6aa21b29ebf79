package org.dl4jsam.updaters.regularization;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * An identity vertex that adds the penalty {@code λ·(1/n)·Σ_i ‖h_i‖²} on its input activations {@code h} to the
 * training objective (Baek et al. 2024: the last hidden layer's features): forward passes {@code h} on, backward
 * adds {@code 2λ·h_i} to each example's error (DL4J back-propagates the batch sum and divides by {@code n} in the
 * updater). DL4J's reported score does not include this term.
 */
public class ActivationL2Vertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    private double lambda;

    /** For JSON. */
    public ActivationL2Vertex() {}

    /**
     * @param lambda the penalty coefficient λ ≥ 0
     * @throws IllegalArgumentException for a negative or non-finite λ
     */
    public ActivationL2Vertex(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty("lambda") double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ActivationL2Vertex: lambda = " + lambda
                    + " is invalid; it must be finite and ≥ 0 (0 leaves the activations unpenalized)");
        }
        this.lambda = lambda;
    }

    /** @return λ */
    public double getLambda() {
        return lambda;
    }

    /**
     * For JSON.
     *
     * @param lambda λ
     */
    public void setLambda(double lambda) {
        this.lambda = lambda;
    }

    @Override
    public ActivationL2Vertex clone() {
        return new ActivationL2Vertex(lambda);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationL2Vertex v && Double.compare(v.lambda, lambda) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(lambda) + 11;
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 1;
    }

    @Override
    public int maxVertexInputs() {
        return 1;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new ActivationL2VertexImpl(graph, name, idx, lambda, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, ActivationL2Vertex.class, inputTypes[0], inputTypes[0])
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "ActivationL2Vertex(lambda=" + lambda + ")";
    }
}

package org.dl4jsam.updaters.regularization;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link ActivationL2Vertex}: identity forward; backward {@code ε + 2λ·h}. */
@SuppressWarnings("overrides") // DL4J's BaseGraphVertex.setInputs(INDArray[]) vs GraphVertex.setInputs(INDArray...)
public class ActivationL2VertexImpl extends BaseGraphVertex {
    private final double lambda;

    /**
     * @param graph the graph
     * @param name the vertex name
     * @param index the vertex index
     * @param lambda λ
     * @param dataType the network data type
     */
    public ActivationL2VertexImpl(ComputationGraph graph, String name, int index, double lambda, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.lambda = lambda;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("ActivationL2Vertex " + vertexName + ": input not set");
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, inputs[0]);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("ActivationL2Vertex " + vertexName + ": error not set");
        }
        INDArray error = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon);
        if (lambda != 0) {
            error.addi(inputs[0].mul(2 * lambda)); //                      ∂(λ·Σ_i ‖h_i‖²)/∂h_i = 2λ·h_i
        }
        return new Pair<>(null, new INDArray[] {error});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("ActivationL2Vertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(
            INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "ActivationL2VertexImpl(name=" + vertexName + ", lambda=" + lambda + ")";
    }
}

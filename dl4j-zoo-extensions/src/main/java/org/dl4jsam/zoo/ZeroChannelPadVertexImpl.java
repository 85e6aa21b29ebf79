package org.dl4jsam.zoo;

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
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Runtime of {@link ZeroChannelPadVertex}: forward copies into zeros, backward slices the error. */
@SuppressWarnings("overrides") // DL4J's BaseGraphVertex.setInputs(INDArray[]) vs GraphVertex.setInputs(INDArray...)
public class ZeroChannelPadVertexImpl extends BaseGraphVertex {
    private final int before;
    private final int after;

    /**
     * @param graph the graph
     * @param name the vertex name
     * @param index the vertex index
     * @param before zero channels added before the input's channels
     * @param after zero channels added after the input's channels
     * @param dataType the network data type
     */
    public ZeroChannelPadVertexImpl(
            ComputationGraph graph, String name, int index, int before, int after, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.before = before;
        this.after = after;
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    private INDArrayIndex[] inputRegion(long channels) {
        return new INDArrayIndex[] {
            NDArrayIndex.all(), NDArrayIndex.interval(before, before + channels), NDArrayIndex.all(), NDArrayIndex.all()
        };
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("ZeroChannelPadVertex " + vertexName + ": input not set");
        }
        INDArray in = inputs[0];
        if (in.rank() != 4) {
            throw new IllegalStateException("ZeroChannelPadVertex " + vertexName + " needs NCHW input, got shape "
                    + java.util.Arrays.toString(in.shape()));
        }
        long[] shape = in.shape().clone();
        shape[1] += before + after;
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
        out.assign(0);
        out.get(inputRegion(in.size(1))).assign(in);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("ZeroChannelPadVertex " + vertexName + ": error not set");
        }
        INDArray slice = epsilon.get(inputRegion(inputs[0].size(1)));
        return new Pair<>(null, new INDArray[] {workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, slice)});
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("ZeroChannelPadVertex has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(
            INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "ZeroChannelPadVertexImpl(name=" + vertexName + ", before=" + before + ", after=" + after + ")";
    }
}

package org.dl4jsam.zoo;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A parameter-free shortcut vertex that appends zero channels to a CNN activation
 * ({@code [N, C, H, W] → [N, before + C + after, H, W]}): PyramidNet's zero-padded identity
 * shortcut (Han et al. 2017; zeros after) and the CIFAR ResNets' "option A" shortcut (He et al.
 * 2016; zeros split before and after). DL4J's {@code SubsetVertex} reports a negative channel count
 * on CNN input, hence this vertex. Backward takes the slice of the error that belongs to the input.
 */
public class ZeroChannelPadVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    private int before;
    private int after;

    /** For JSON. */
    public ZeroChannelPadVertex() {}

    /**
     * @param before zero channels in front of the input's channels, ≥ 0
     * @param after zero channels after them, ≥ 0
     */
    public ZeroChannelPadVertex(@JsonProperty("before") int before, @JsonProperty("after") int after) {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException(
                    "ZeroChannelPadVertex: before = " + before + ", after = " + after + " must both be ≥ 0");
        }
        this.before = before;
        this.after = after;
    }

    /** @return zero channels added before the input's channels */
    public int getBefore() {
        return before;
    }

    /**
     * For JSON.
     *
     * @param before zero channels added before the input's channels
     */
    public void setBefore(int before) {
        this.before = before;
    }

    /** @return zero channels added after the input's channels */
    public int getAfter() {
        return after;
    }

    /**
     * For JSON.
     *
     * @param after zero channels added after the input's channels
     */
    public void setAfter(int after) {
        this.after = after;
    }

    @Override
    public ZeroChannelPadVertex clone() {
        return new ZeroChannelPadVertex(before, after);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZeroChannelPadVertex v && v.before == before && v.after == after;
    }

    @Override
    public int hashCode() {
        return 31 * before + after + 7;
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
        return new ZeroChannelPadVertexImpl(graph, name, idx, before, after, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 1 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional conv)) {
            throw new InvalidInputTypeException("ZeroChannelPadVertex needs one convolutional input, got "
                    + java.util.Arrays.toString(vertexInputs));
        }
        return InputType.convolutional(
                conv.getHeight(), conv.getWidth(), conv.getChannels() + before + after, conv.getFormat());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType out = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, ZeroChannelPadVertex.class, inputTypes[0], out)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public String toString() {
        return "ZeroChannelPadVertex(before=" + before + ", after=" + after + ")";
    }
}

package org.dl4jsam.zoo;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ViT's final LayerNorm (ε = 1e-6) applied to the class token: {@code [N, d, L] → [N, d]}. */
public class VitClassTokenHead extends SameDiffLayer {
    private static final long serialVersionUID = 1L;

    private int dModel;
    private double eps = 1e-6;

    /** For JSON. */
    public VitClassTokenHead() {}

    /** @return the token width */
    public int getDModel() {
        return dModel;
    }

    /** @return the LayerNorm epsilon */
    public double getEps() {
        return eps;
    }

    /**
     * For JSON.
     *
     * @param dModel the token width
     */
    public void setDModel(int dModel) {
        this.dModel = dModel;
    }

    /**
     * For JSON.
     *
     * @param eps the LayerNorm epsilon
     */
    public void setEps(double eps) {
        this.eps = eps;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeRecurrent rnn)) {
            throw new IllegalArgumentException("VitClassTokenHead needs token input [N, d, L], got " + inputType);
        }
        if (override || dModel == 0) {
            dModel = (int) rnn.getSize();
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(dModel);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("lng", 1, dModel);
        params.addBiasParam("lnb", 1, dModel);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("lng").assign(1);
        params.get("lnb").assign(0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable classToken = input.get(SDIndex.all(), SDIndex.all(), SDIndex.point(0)); // [N, d]
        SDVariable out = LayerNorms.layerNorm(sd, classToken, params.get("lng"), params.get("lnb"), 1, eps);
        return SameDiffGradientScale.corrected(sd, out);
    }
}

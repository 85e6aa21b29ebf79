package org.dl4jsam.zoo;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A pre-norm Transformer encoder block of ViT (Dosovitskiy et al. 2021, Eq. 2–3):
 *
 * <pre>
 * x = x + proj(MultiHeadAttention(LN1(x)))      q, k, v and proj with biases; softmax(q·kᵀ/√(d/h))·v
 * x = x + fc2(GELU(fc1(LN2(x))))                exact erf GELU
 * </pre>
 *
 * LayerNorm ε = 1e-6 (timm's ViT). Input and output {@code [N, d, L]}. Linear weights
 * N(0, 0.02²), biases 0, LayerNorm γ = 1, β = 0. Parameter keys have no underscore (DL4J splits
 * {@code layer_param} on it).
 */
public class VitBlock extends SameDiffLayer {
    private static final long serialVersionUID = 1L;

    private int dModel;
    private int heads;
    private int mlpDim;
    private int length;
    private double eps = 1e-6;

    /** For JSON. */
    public VitBlock() {}

    /**
     * @param heads attention heads ≥ 1
     * @param mlpDim hidden width of the MLP ≥ 1
     */
    public VitBlock(int heads, int mlpDim) {
        if (heads < 1 || mlpDim < 1) {
            throw new IllegalArgumentException("VitBlock: heads and mlpDim must be ≥ 1");
        }
        this.heads = heads;
        this.mlpDim = mlpDim;
    }

    /** @return the token width */
    public int getDModel() {
        return dModel;
    }

    /** @return the attention heads */
    public int getHeads() {
        return heads;
    }

    /** @return the hidden width of the MLP */
    public int getMlpDim() {
        return mlpDim;
    }

    /** @return the number of tokens */
    public int getLength() {
        return length;
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
     * @param heads the attention heads
     */
    public void setHeads(int heads) {
        this.heads = heads;
    }

    /**
     * For JSON.
     *
     * @param mlpDim the hidden width of the MLP
     */
    public void setMlpDim(int mlpDim) {
        this.mlpDim = mlpDim;
    }

    /**
     * For JSON.
     *
     * @param length the number of tokens
     */
    public void setLength(int length) {
        this.length = length;
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
        if (!(inputType instanceof InputType.InputTypeRecurrent rnn) || rnn.getTimeSeriesLength() <= 0) {
            throw new IllegalArgumentException(
                    "VitBlock needs token input [N, d, L] with a known length, got " + inputType);
        }
        if (override || dModel == 0) {
            dModel = (int) rnn.getSize();
            length = (int) rnn.getTimeSeriesLength();
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException(
                    "VitBlock: model width " + dModel + " is not divisible by " + heads + " heads");
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(dModel, length);
    }

    @Override
    public void defineParameters(SDLayerParams p) {
        p.addWeightParam("ln1g", 1, dModel);
        p.addBiasParam("ln1b", 1, dModel);
        p.addWeightParam("qkvW", dModel, 3L * dModel);
        p.addBiasParam("qkvb", 1, 3L * dModel);
        p.addWeightParam("projW", dModel, dModel);
        p.addBiasParam("projb", 1, dModel);
        p.addWeightParam("ln2g", 1, dModel);
        p.addBiasParam("ln2b", 1, dModel);
        p.addWeightParam("fc1W", dModel, mlpDim);
        p.addBiasParam("fc1b", 1, mlpDim);
        p.addWeightParam("fc2W", mlpDim, dModel);
        p.addBiasParam("fc2b", 1, dModel);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray value = e.getValue();
            if (e.getKey().equals("ln1g") || e.getKey().equals("ln2g")) {
                value.assign(1);
            } else if (e.getKey().endsWith("W")) {
                value.assign(Nd4j.randn(value.dataType(), value.shape()).muli(0.02));
            } else {
                value.assign(0);
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> p, SDVariable mask) {
        int headDim = dModel / heads;
        SDVariable x = sd.reshape(sd.permute(input, 0, 2, 1), -1, dModel); //             [N·L, d]
        SDVariable h = LayerNorms.layerNorm(sd, x, p.get("ln1g"), p.get("ln1b"), 1, eps);
        SDVariable qkv = h.mmul(p.get("qkvW")).add(p.get("qkvb")); //                      [N·L, 3d]
        SDVariable q = heads(sd, qkv.get(SDIndex.all(), SDIndex.interval(0, dModel)), headDim);
        SDVariable k = heads(sd, qkv.get(SDIndex.all(), SDIndex.interval(dModel, 2 * dModel)), headDim);
        SDVariable v = heads(sd, qkv.get(SDIndex.all(), SDIndex.interval(2 * dModel, 3 * dModel)), headDim);
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(headDim)); // [N·h, L, L]
        SDVariable attention = sd.nn().softmax(scores, 2);
        SDVariable context = sd.mmul(attention, v); //                                      [N·h, L, dh]
        context = sd.reshape(sd.permute(sd.reshape(context, -1, heads, length, headDim), 0, 2, 1, 3), -1, dModel);
        x = x.add(context.mmul(p.get("projW")).add(p.get("projb")));
        SDVariable m = LayerNorms.layerNorm(sd, x, p.get("ln2g"), p.get("ln2b"), 1, eps);
        m = LayerNorms.gelu(sd, m.mmul(p.get("fc1W")).add(p.get("fc1b")));
        x = x.add(m.mmul(p.get("fc2W")).add(p.get("fc2b")));
        SDVariable out = sd.permute(sd.reshape(x, -1, length, dModel), 0, 2, 1); //        [N, d, L]
        return SameDiffGradientScale.corrected(sd, out);
    }

    /** [N·L, d] → [N·h, L, dh]. */
    private SDVariable heads(SameDiff sd, SDVariable flat, int headDim) {
        SDVariable split = sd.reshape(flat, -1, length, heads, headDim);
        return sd.reshape(sd.permute(split, 0, 2, 1, 3), -1, length, headDim);
    }
}

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
 * ViT tokens (Dosovitskiy et al. 2021, Eq. 1): the patch-embedding feature map {@code [N, d, h, w]}
 * flattened to {@code T = h·w} tokens, a learned class token prepended and a learned position
 * embedding added; output {@code [N, d, T + 1]} (DL4J's recurrent layout). Class token initialized
 * N(0, 1e-6²), position embedding N(0, 0.02²), as timm.
 */
public class VitPatchTokens extends SameDiffLayer {
    private static final long serialVersionUID = 1L;
    static final String CLASS_TOKEN = "cls";
    static final String POSITION = "pos";

    private int dModel;
    private int tokens;

    /** For JSON. */
    public VitPatchTokens() {}

    /** @return a layer whose sizes are set from the input type */
    public static VitPatchTokens create() {
        return new VitPatchTokens();
    }

    /** @return the token width */
    public int getDModel() {
        return dModel;
    }

    /** @return the number of tokens (patches plus the class token) */
    public int getTokens() {
        return tokens;
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
     * @param tokens the number of tokens
     */
    public void setTokens(int tokens) {
        this.tokens = tokens;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional conv)) {
            throw new IllegalArgumentException(
                    "VitPatchTokens needs the patch embedding's convolutional output, got " + inputType);
        }
        if (override || dModel == 0) {
            dModel = (int) conv.getChannels();
            tokens = (int) (conv.getHeight() * conv.getWidth());
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.recurrent(dModel, tokens + 1);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(CLASS_TOKEN, 1, dModel, 1);
        params.addWeightParam(POSITION, 1, dModel, tokens + 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get(CLASS_TOKEN)
                .assign(Nd4j.randn(params.get(CLASS_TOKEN).dataType(), 1, dModel, 1)
                        .muli(1e-6));
        params.get(POSITION)
                .assign(Nd4j.randn(params.get(POSITION).dataType(), 1, dModel, tokens + 1)
                        .muli(0.02));
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable flat = sd.reshape(input, -1, dModel, tokens); //                     [N, d, T]
        SDVariable first = flat.get(SDIndex.all(), SDIndex.all(), SDIndex.interval(0, 1));
        SDVariable classToken = first.mul(0.0).add(params.get(CLASS_TOKEN)); //        [N, d, 1] (broadcast)
        SDVariable sequence = sd.concat(2, classToken, flat).add(params.get(POSITION)); // [N, d, T + 1]
        return SameDiffGradientScale.corrected(sd, sequence);
    }
}

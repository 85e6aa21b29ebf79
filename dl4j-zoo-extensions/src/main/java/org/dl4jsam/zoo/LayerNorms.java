package org.dl4jsam.zoo;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** SameDiff helpers of the Vision Transformer: LayerNorm with a given ε and the exact (erf) GELU. */
final class LayerNorms {
    private LayerNorms() {}

    /** {@code (x − mean)/sqrt(var + ε)·γ + β} over the last dimension {@code dim} (biased variance, as PyTorch). */
    static SDVariable layerNorm(SameDiff sd, SDVariable x, SDVariable gain, SDVariable bias, int dim, double eps) {
        SDVariable centred = x.sub(x.mean(true, dim));
        SDVariable variance = centred.mul(centred).mean(true, dim);
        SDVariable normalized = centred.div(sd.math().sqrt(variance.add(eps)));
        return normalized.mul(gain).add(bias);
    }

    /** GELU(x) = x·Φ(x) = 0.5·x·(1 + erf(x/√2)), not DL4J's sigmoid approximation. */
    static SDVariable gelu(SameDiff sd, SDVariable x) {
        return x.mul(0.5).mul(sd.math().erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0));
    }
}

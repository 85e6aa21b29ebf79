package org.dl4jsam.updaters.perturbation;

import java.util.List;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.ParameterKind;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * ASAM (Kwon et al., ICML 2021, "ASAM: Adaptive Sharpness-Aware Minimization", Eq. 11):
 * {@code ε = ρ·T²g/‖Tg‖} with the element-wise scale {@code T = |w| + η}. In the official form T
 * applies to the parameters PyTorch names {@code weight} (DL4J: weight tensors and BatchNorm γ) and is
 * 1 elsewhere (biases, β), η = 0.01; in the davda54 form ({@code allParameters}) T = |w| + η on every
 * trainable parameter, with η = 0 there. Uses two parameter-sized scratch buffers.
 *
 * @param rho the radius ρ ≥ 0 (0.5 on CIFAR-10, 1.0 on CIFAR-100 in the paper)
 * @param eta η ≥ 0
 * @param allParameters whether T scales every trainable parameter (davda54) or the weights only (official)
 */
public record AsamPerturbationConfig(double rho, double eta, boolean allParameters)
        implements PerturbationConfig, StrictJson {
    /** The paper's η. */
    public static final double DEFAULT_ETA = 0.01;

    /**
     * @param rho the radius ρ ≥ 0
     * @param eta η ≥ 0
     * @param allParameters whether T scales every trainable parameter or the weights only
     */
    @JsonCreator
    public AsamPerturbationConfig(
            @JsonProperty(value = "rho", required = true) double rho,
            @JsonProperty(value = "eta", required = true) double eta,
            @JsonProperty(value = "allParameters", required = true) boolean allParameters) {
        this.rho = Checks.finiteAtLeast("ASAM", "rho", rho, 0.0);
        this.eta = Checks.finiteAtLeast("ASAM", "eta", eta, 0.0);
        this.allParameters = allParameters;
    }

    /**
     * @param rho the radius ρ ≥ 0
     * @return the official form (T on weights, η = 0.01)
     */
    public static AsamPerturbationConfig official(double rho) {
        return new AsamPerturbationConfig(rho, DEFAULT_ETA, false);
    }

    private boolean scaled(ParameterSegment segment) {
        return allParameters
                || segment.kind() == ParameterKind.WEIGHT
                || segment.kind() == ParameterKind.BATCHNORM_GAMMA;
    }

    @Override
    public PerturbationRule newRule() {
        return context -> {
            INDArray scale = context.scratch(1); //                        T (1 where not scaled)
            INDArray scaledGradient = context.scratch(2); //               T·g
            scale.assign(1.0);
            List<ParameterSegment> segments = context.segments();
            for (ParameterSegment segment : segments) {
                if (segment.trainable() && segment.length() > 0 && scaled(segment)) {
                    var range = NDArrayIndex.interval(segment.start(), segment.end());
                    INDArray t = scale.get(range).assign(context.params().get(range));
                    Transforms.abs(t, false).addi(eta); //                  |w| + η, in place
                }
            }
            context.gradient().mul(scale, scaledGradient); //               T·g (non-trainable entries: g = 0)
            double norm = Blas.norm2(scaledGradient) / context.gradientScale();
            double ratio = rho / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
            scaledGradient.muli(scale); //                                  T²·g
            Blas.axpy(ratio / context.gradientScale(), scaledGradient, context.params()); // w += ρ·T²g/‖Tg‖
            return ratio * Blas.norm2(scaledGradient) / context.gradientScale();
        };
    }
}

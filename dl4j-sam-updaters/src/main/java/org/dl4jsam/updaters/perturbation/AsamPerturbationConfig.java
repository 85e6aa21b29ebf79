package org.dl4jsam.updaters.perturbation;

import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * ASAM (Kwon et al., ICML 2021, "ASAM: Adaptive Sharpness-Aware Minimization", Eq. 11):
 * {@code ε = ρ·T²g/‖Tg‖} with the element-wise scale {@code T = |w| + η}. In the official form T
 * applies to the parameters PyTorch names {@code weight} (DL4J: weight tensors and BatchNorm γ) and is
 * 1 elsewhere (biases, β), η = 0.01; in the davda54 form ({@code allParameters}) T = |w| + η on every
 * trainable parameter, with η = 0 there. Uses two parameter-sized scratch buffers of its own.
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
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rho", required = true) double rho,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "eta", required = true) double eta,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "allParameters", required = true)
                    boolean allParameters) {
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

    @Override
    public PerturbationRule newRule() {
        return new AsamRule(this);
    }
}

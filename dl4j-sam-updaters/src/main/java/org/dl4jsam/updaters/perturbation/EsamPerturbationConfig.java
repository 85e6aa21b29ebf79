package org.dl4jsam.updaters.perturbation;

import java.util.ArrayList;
import java.util.List;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.spi.PerturbationConfig;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.SeededUniform;
import org.dl4jsam.updaters.spi.StrictJson;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonSetter;
import org.nd4j.shade.jackson.annotation.Nulls;

/**
 * ESAM's stochastic weight perturbation, SWP (Du et al., ICLR 2022, "Efficient Sharpness-aware
 * Minimization for Improved Training of Neural Networks", §3.1): each step perturbs a random
 * β-fraction of the parameter tensors, {@code ε_S = (ρ/β)·g_S/(‖g_S‖ + 1e-12)} on the drawn set S and
 * 0 elsewhere, as the official code does (it draws the tensors for the next step and skips the others'
 * first-pass gradients). The draw of tensor {@code i} at iteration {@code t} is
 * {@link SeededUniform#of SeededUniform.of(seed, t, i)} {@code < β}: stateless, so a restart continues
 * the same sequence. DL4J computes every tensor's gradient in the first pass, so here SWP saves no
 * work; pair it with {@code SharpnessSensitiveSelectionConfig} (SDS) for ESAM.
 *
 * @param rho the radius ρ ≥ 0
 * @param beta β in (0, 1], the fraction of tensors perturbed (0.5 in the paper)
 * @param seed the seed of the draw
 */
public record EsamPerturbationConfig(double rho, double beta, long seed) implements PerturbationConfig, StrictJson {
    /** The paper's β. */
    public static final double DEFAULT_BETA = 0.5;

    /**
     * @param rho the radius ρ ≥ 0
     * @param beta β in (0, 1]
     * @param seed the seed of the draw
     */
    @JsonCreator
    public EsamPerturbationConfig(
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "rho", required = true) double rho,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "beta", required = true) double beta,
            @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(value = "seed", required = true) long seed) {
        this.rho = Checks.finiteAtLeast("ESAM", "rho", rho, 0.0);
        if (!(beta > 0 && beta <= 1)) {
            throw new IllegalArgumentException("ESAM: beta = " + beta + " is invalid; it must be in (0, 1]");
        }
        this.beta = beta;
        this.seed = seed;
    }

    /**
     * @param iteration the step's iteration
     * @param tensor the index of the tensor among the trainable segments
     * @return whether SWP perturbs that tensor at that step
     */
    public boolean perturbs(long iteration, int tensor) {
        return beta == 1.0 || SeededUniform.of(seed, iteration, tensor) < beta;
    }

    @Override
    public PerturbationRule newRule() {
        return context -> {
            INDArray gradient = flat(context.gradient());
            INDArray params = flat(context.params());
            List<ParameterSegment> drawn = new ArrayList<>();
            double squared = 0;
            int tensor = 0;
            for (ParameterSegment segment : context.segments()) {
                if (!segment.trainable()) {
                    continue;
                }
                if (perturbs(context.iteration(), tensor++)) {
                    drawn.add(segment);
                    double norm = Blas.norm2(view(gradient, segment));
                    squared += norm * norm;
                }
            }
            double norm = Math.sqrt(squared) / context.gradientScale();
            double ratio = rho / beta / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
            for (ParameterSegment segment : drawn) {
                Blas.axpy(ratio / context.gradientScale(), view(gradient, segment), view(params, segment));
            }
            return ratio * norm;
        };
    }

    private static INDArray flat(INDArray array) {
        return array.rank() == 1 ? array : array.reshape(array.length());
    }

    private static INDArray view(INDArray flat, ParameterSegment segment) {
        return flat.get(NDArrayIndex.interval(segment.start(), segment.end()));
    }
}

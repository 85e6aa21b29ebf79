package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link SanerConfig}: the mask in the weight backup's buffer, the re-weighting in place. */
final class SanerRule implements GradientTransformRule {
    private final SanerConfig config;

    SanerRule(SanerConfig config) {
        this.config = config;
    }

    @Override
    public void apply(StepContext context) {
        if (!context.tookSecondPass()) {
            return; // no ĝ on a one-pass step: g goes on unchanged
        }
        INDArray clean = context.cleanGradient();
        INDArray perturbed = context.gradient();
        INDArray mask = context.scratch(0);
        long masked = SanerMask.compute(clean, perturbed, mask);
        context.report(SanerConfig.MASKED_FRACTION, (double) masked / context.trainableCount());
        if (config.mode() == SanerMode.REPLACE_WITH_SGD) {
            mask.rsubi(1.0); //                        1 − m
            perturbed.muli(mask); //                   (1 − m) ⊙ ĝ
            mask.rsubi(1.0).muli(clean); //            m ⊙ g (g itself stays intact for later transforms)
            perturbed.addi(mask); //                   ĝ_i ← g_i where masked
            return;
        }
        double alphaNow = config.alphaAt(context.iteration(), context.epoch());
        mask.muli(perturbed); //                      m ⊙ ĝ
        Blas.axpy(-alphaNow, mask, perturbed); //     ĝ − α·m⊙ĝ = (1 − α·m) ⊙ ĝ
        context.report(SanerConfig.ALPHA, alphaNow);
    }
}

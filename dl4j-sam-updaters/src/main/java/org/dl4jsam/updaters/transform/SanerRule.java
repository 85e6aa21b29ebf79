package org.dl4jsam.updaters.transform;

import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link SanerConfig}. The mask lives in the borrowed weight backup (free once the weights are
 * restored); with {@link SanerOnePassSteps#REUSE_LAST_MASK} a copy is array state.
 */
final class SanerRule implements GradientTransformRule {
    private final SanerConfig config;
    private final boolean wholeModel;
    private INDArray lastMask;
    private boolean haveMask;

    SanerRule(SanerConfig config) {
        this.config = config;
        this.wholeModel = config.scope().selection() == ParameterScope.Selection.ALL_TRAINABLE;
    }

    private boolean reuses() {
        return config.onePassSteps() == SanerOnePassSteps.REUSE_LAST_MASK;
    }

    @Override
    public long stateSize(long numParams) {
        return reuses() ? numParams : 0;
    }

    @Override
    public void setStateView(INDArray view) {
        lastMask = view;
    }

    @Override
    public void apply(StepContext context) {
        INDArray perturbed = context.gradient();
        INDArray mask = context.borrowWeightBackup();
        if (!context.tookSecondPass()) {
            if (reuses() && haveMask) {
                double alphaNow = config.alphaAt(context.iteration(), context.epoch());
                mask.assign(lastMask).muli(perturbed); //      m_last ⊙ g
                Blas.axpy(-alphaNow, mask, perturbed); //      (1 − α·m_last) ⊙ g
                context.report(SanerConfig.ALPHA, alphaNow);
            }
            return; // otherwise no ĝ on a one-pass step: g goes on unchanged
        }
        INDArray clean = context.cleanGradient();
        long masked = computeMask(context, clean, perturbed, mask);
        context.report(SanerConfig.MASKED_FRACTION, (double) masked / context.trainableCount());
        if (reuses()) {
            lastMask.assign(mask);
            haveMask = true;
        }
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

    /** The mask on the configured scope, 0 elsewhere; non-trainable entries have g = ĝ = 0 and are never masked. */
    private long computeMask(StepContext context, INDArray clean, INDArray perturbed, INDArray mask) {
        if (wholeModel) {
            return SanerMask.compute(config.group(), clean, perturbed, mask);
        }
        mask.assign(0);
        INDArray[] g = context.views(config.scope(), clean);
        INDArray[] gHat = context.views(config.scope(), perturbed);
        INDArray[] m = context.views(config.scope(), mask);
        long masked = 0;
        for (int i = 0; i < m.length; i++) {
            masked += SanerMask.compute(config.group(), g[i], gHat[i], m[i]);
        }
        return masked;
    }

    @Override
    public java.util.Map<String, Double> scalarState() {
        return reuses() ? java.util.Map.of("haveMask", haveMask ? 1.0 : 0.0) : java.util.Map.of();
    }

    @Override
    public void restoreScalarState(java.util.Map<String, Double> state) {
        if (!reuses()) {
            GradientTransformRule.super.restoreScalarState(state);
            return;
        }
        Double value = state.get("haveMask");
        if (value == null || state.size() != 1) {
            throw new IllegalArgumentException("SANER state must hold 'haveMask', got " + state.keySet());
        }
        haveMask = value != 0;
    }
}

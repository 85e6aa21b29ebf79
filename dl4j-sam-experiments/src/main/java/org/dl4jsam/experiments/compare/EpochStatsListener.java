package org.dl4jsam.experiments.compare;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;

/** Per-epoch training loss (the clean loss L(w)), forward/backward pass count and progress. */
final class EpochStatsListener extends BaseTrainingListener {
    private final JobProgress progress;
    private double lossSum;
    private long steps;
    private double passes;
    private long secondPasses;

    EpochStatsListener(JobProgress progress) {
        this.progress = progress;
    }

    void reset() {
        lossSum = 0;
        steps = 0;
        passes = 0;
        secondPasses = 0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        lossSum += model.score();
        steps++;
        SamStepDiagnostics step = SharpnessAware.lastStep(model).orElse(null);
        boolean second = step != null && step.secondPass();
        secondPasses += second ? 1 : 0;
        passes += step == null ? 1 : step.passes(); // 3 for logit-SAM, 1 + 2·(parts) for m-sharpness
        if (progress != null) {
            progress.step();
        }
    }

    double meanLoss() {
        return steps == 0 ? Double.NaN : lossSum / steps;
    }

    /** @return forward/backward passes of this epoch's steps (a forward-only scoring counts ½) */
    double passes() {
        return passes;
    }

    /** Fraction of this epoch's steps that took a second pass. */
    double secondPassFraction() {
        return steps == 0 ? Double.NaN : (double) secondPasses / steps;
    }
}

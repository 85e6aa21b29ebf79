package org.dl4jsam.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;

/**
 * What the SAM steps did on the workers, summed over all of them with Spark accumulators: steps, second passes
 * and the clean training loss. Pass it to {@link SparkSam#attach} with the other listeners; read it on the driver
 * after {@code fit}, and {@link #reset()} it between epochs.
 */
public final class WorkerStepStats extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final LongAccumulator steps;
    private final LongAccumulator secondPasses;
    private final DoubleAccumulator lossSum;
    private final DoubleAccumulator passes;

    /** @param context the Spark context the accumulators are registered with */
    public WorkerStepStats(JavaSparkContext context) {
        steps = context.sc().longAccumulator("dl4j-sam steps");
        secondPasses = context.sc().longAccumulator("dl4j-sam second passes");
        lossSum = context.sc().doubleAccumulator("dl4j-sam clean loss");
        passes = context.sc().doubleAccumulator("dl4j-sam passes");
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        steps.add(1);
        lossSum.add(model.score());
        SamStepDiagnostics step = SharpnessAware.lastStep(model).orElse(null);
        passes.add(step == null ? 1 : step.passes());
        if (step != null && step.secondPass()) {
            secondPasses.add(1);
        }
    }

    /** Zero the sums (on the driver, between {@code fit} calls). */
    public void reset() {
        steps.reset();
        secondPasses.reset();
        lossSum.reset();
        passes.reset();
    }

    /** @return steps taken on all workers since the last reset */
    public long steps() {
        return steps.value();
    }

    /** @return steps that took the second (perturbed) pass */
    public long secondPasses() {
        return secondPasses.value();
    }

    /** @return forward/backward passes of the steps (2 a SAM step, 3 a logit-SAM step; a forward-only scoring ½) */
    public double passes() {
        return passes.value();
    }

    /** @return fraction of the steps that took the second pass (NaN before any step) */
    public double secondPassFraction() {
        return steps() == 0 ? Double.NaN : (double) secondPasses() / steps();
    }

    /** @return mean clean loss L(w) of the steps (NaN before any step) */
    public double meanLoss() {
        return steps() == 0 ? Double.NaN : lossSum.value() / steps();
    }
}

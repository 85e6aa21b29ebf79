package org.dl4jsam.updaters.transform;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dl4jsam.updaters.perturbation.NormalizedPerturbationConfig;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Runtime of {@link MsamConfig}. Array state: the last update Δ and the exact weights {@code w} of the last
 * update (trainable entries), so that moving between {@code w} and {@code w̃ = w + ρ·Δ/‖Δ‖} is exact in both
 * directions, also across a save and a restore. Scalars: {@code ρ/‖Δ‖}, whether a step has run, and whether the
 * network holds {@code w̃} (training) or {@code w} (evaluation).
 */
final class MsamRule implements GradientTransformRule {
    private static final ParameterScope TRAINABLE = ParameterScope.allTrainable();
    private static final String RATIO = "ratio";
    private static final String STARTED = "started";
    private static final String AT_TRAINING_POINT = "atTrainingPoint";

    private final double rho;
    private INDArray lastUpdate;
    private INDArray weights;
    private double ratio;
    private boolean started;
    private boolean atTrainingPoint;
    private boolean pending;

    MsamRule(double rho) {
        this.rho = rho;
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public void setStateView(INDArray view) {
        long half = view.length() / 2;
        lastUpdate = view.get(NDArrayIndex.interval(0, half));
        weights = view.get(NDArrayIndex.interval(half, 2 * half));
    }

    @Override
    public Map<String, Double> scalarState() {
        Map<String, Double> state = new LinkedHashMap<>();
        state.put(RATIO, ratio);
        state.put(STARTED, started ? 1.0 : 0.0);
        state.put(AT_TRAINING_POINT, atTrainingPoint ? 1.0 : 0.0);
        return state;
    }

    @Override
    public void restoreScalarState(Map<String, Double> state) {
        if (!state.keySet().equals(scalarState().keySet())) {
            throw new IllegalArgumentException(
                    "MSAM state must hold " + scalarState().keySet() + ", got " + state.keySet());
        }
        ratio = state.get(RATIO);
        started = state.get(STARTED) != 0;
        atTrainingPoint = state.get(AT_TRAINING_POINT) != 0;
    }

    private static void copy(StepContext context, INDArray from, INDArray to) {
        INDArray[] source = context.views(TRAINABLE, from);
        INDArray[] target = context.views(TRAINABLE, to);
        for (int i = 0; i < source.length; i++) {
            target[i].assign(source[i]);
        }
    }

    @Override
    public void apply(StepContext context) {
        if (!started) {
            started = true; //                                 the first step is plain training (Δ = 0)
            copy(context, context.params(), weights);
        } else if (atTrainingPoint) {
            copy(context, weights, context.params()); //       w̃ → w, exactly
        } // else the network already holds w (the pass ran there: a plain step)
        atTrainingPoint = false;
        pending = true;
    }

    @Override
    public void afterUpdate(StepContext context) {
        if (!pending) {
            return;
        }
        pending = false;
        // Δ = w_{t+1} − w_t on the trainable entries (batch-norm statistics are not moved)
        INDArray[] update = context.views(TRAINABLE, lastUpdate);
        INDArray[] now = context.views(TRAINABLE, context.params());
        INDArray[] before = context.views(TRAINABLE, weights);
        for (int i = 0; i < update.length; i++) {
            now[i].sub(before[i], update[i]);
            before[i].assign(now[i]); //                        w_{t+1}, kept exactly
        }
        double norm = Blas.norm2(lastUpdate);
        ratio = norm == 0 ? 0 : rho / (norm + NormalizedPerturbationConfig.NORM_EPSILON);
        ascend(context);
    }

    /** {@code w̃ = w + ρ·Δ/‖Δ‖} from the kept {@code w}, the same arithmetic every time. */
    private void ascend(StepContext context) {
        copy(context, weights, context.params());
        Blas.axpy(ratio, lastUpdate, context.params());
        atTrainingPoint = true;
    }

    @Override
    public void moveToEvaluationPoint(StepContext context) {
        if (started && atTrainingPoint) {
            copy(context, weights, context.params()); //       w, exactly
            atTrainingPoint = false;
        }
    }

    @Override
    public boolean moveToTrainingPoint(StepContext context) {
        if (started && !atTrainingPoint) {
            ascend(context);
            return true;
        }
        return false;
    }
}

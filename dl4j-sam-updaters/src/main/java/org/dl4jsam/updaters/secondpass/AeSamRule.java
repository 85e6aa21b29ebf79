package org.dl4jsam.updaters.secondpass;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.StepContext;

/** Runtime of {@link AeSamConfig}: the moving statistics μ, σ² and the step counters of one model. */
final class AeSamRule implements SecondPassRule {
    private static final String MEAN = "mean";
    private static final String VARIANCE = "variance";
    private static final String STEPS = "steps";
    private static final String SECOND_PASSES = "secondPasses";

    private final AeSamConfig config;
    private double mean = 0.0;
    private double variance = AeSamConfig.INITIAL_VARIANCE;
    private long steps;
    private long secondPasses;

    AeSamRule(AeSamConfig config) {
        this.config = config;
    }

    @Override
    public boolean takeSecondPass(StepContext context) {
        double norm = context.cleanGradientNorm();
        return decide(norm * norm, context.iteration());
    }

    /** One step of Algorithm 1 for the squared batch-mean gradient norm {@code s} at iteration t. */
    boolean decide(double squaredNorm, long iteration) {
        double delta = config.delta();
        mean = delta * mean + (1 - delta) * squaredNorm; //                              μ_t
        double deviation = squaredNorm - mean;
        variance = delta * variance + (1 - delta) * deviation * deviation; //             σ²_t
        boolean sam = squaredNorm >= mean + config.thresholdCoefficient(iteration) * Math.sqrt(variance);
        steps++;
        if (sam) {
            secondPasses++;
        }
        return sam;
    }

    double mean() {
        return mean;
    }

    double variance() {
        return variance;
    }

    @Override
    public double secondPassFraction() {
        return steps == 0 ? Double.NaN : (double) secondPasses / steps;
    }

    @Override
    public Map<String, Double> scalarState() {
        Map<String, Double> state = new LinkedHashMap<>();
        state.put(MEAN, mean);
        state.put(VARIANCE, variance);
        state.put(STEPS, (double) steps);
        state.put(SECOND_PASSES, (double) secondPasses);
        return state;
    }

    @Override
    public void restoreScalarState(Map<String, Double> state) {
        if (!state.keySet()
                .equals(Map.of(MEAN, 0, VARIANCE, 0, STEPS, 0, SECOND_PASSES, 0).keySet())) {
            throw new IllegalArgumentException(
                    "AE-SAM state must hold exactly " + scalarState().keySet() + ", got " + state.keySet());
        }
        mean = state.get(MEAN);
        variance = state.get(VARIANCE);
        steps = Math.round(state.get(STEPS)); // rounded: averaged over Spark workers, they need not be whole
        secondPasses = Math.round(state.get(SECOND_PASSES));
    }
}

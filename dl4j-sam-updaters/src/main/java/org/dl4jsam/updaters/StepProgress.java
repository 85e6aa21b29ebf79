package org.dl4jsam.updaters;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dl4jsam.updaters.spi.Batch;

/** The values of the step in progress that its rules see and its diagnostics report; reset by {@link #begin}. */
final class StepProgress {
    /** Where the step is (docs/architecture.md: the phases in the order they run). */
    enum Phase {
        /** No step in progress: between {@code iterationDone} and the next {@code onGradientCalculation}. */
        BETWEEN_STEPS,
        /** The first pass is done; the schedule decides. */
        DECIDING,
        /** The step algorithm runs its passes; the weights may be away from {@code w}. */
        PERTURBED,
        /** The weights are back at {@code w}; the transforms run. */
        TRANSFORMING
    }

    Phase phase = Phase.BETWEEN_STEPS;
    int iteration;
    int epoch;
    /** The factor between the gradient view and the batch-mean gradient of the whole batch. */
    double batchScale = 1;
    /** The same for the gradient that defines ε (a micro-batch's, inside the step algorithm). */
    double scale = 1;

    double batchCleanNorm;
    double cleanNorm;
    boolean tookSecondPass;
    /** Forward/backward passes of this step so far (forward-only scorings count ½). */
    double passes;

    long passNanos;
    double perturbationNormSum;
    int perturbations;
    Batch batch;
    boolean batchReplaced;
    final Map<String, Double> reported = new LinkedHashMap<>();

    void begin(int iteration, int epoch, double batchScale) {
        this.phase = Phase.DECIDING;
        this.iteration = iteration;
        this.epoch = epoch;
        this.batchScale = batchScale;
        this.scale = batchScale;
        this.tookSecondPass = false;
        this.passes = 1; //                                 DL4J's first pass
        this.passNanos = 0;
        this.perturbationNormSum = 0;
        this.perturbations = 0;
        this.batch = null;
        this.batchReplaced = false;
        this.reported.clear();
    }

    /** The first-pass gradient's batch-mean norm, which defines ε unless the step algorithm says otherwise. */
    void cleanNorm(double norm) {
        batchCleanNorm = norm;
        cleanNorm = norm;
    }

    /** Back from the step algorithm: the whole batch's scale and norm again. */
    void restored() {
        scale = batchScale;
        cleanNorm = batchCleanNorm;
        phase = Phase.TRANSFORMING;
    }

    double meanPerturbationNorm() {
        return perturbations == 0 ? Double.NaN : perturbationNormSum / perturbations;
    }
}

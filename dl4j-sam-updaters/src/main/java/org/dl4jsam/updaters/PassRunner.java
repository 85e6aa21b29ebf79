package org.dl4jsam.updaters;

import org.deeplearning4j.nn.api.Model;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.OutputErrors;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link SecondPasses} face of a model's step: the passes a step algorithm may run, valid only while it
 * runs. Every pass leaves the non-trainable entries of the gradient zero (their update kept aside as the
 * BatchNorm policy says) and, with decay in the ascent, adds {@code λ·w}.
 */
final class PassRunner implements SecondPasses {
    private final Model model;
    private final SamConfig config;
    private final ParameterRuns runs;
    private final StepBuffers buffers;
    private final StepProgress progress;
    private final NonTrainableEntries nonTrainable;
    private final PerturbationRule perturbation;
    private final OutputErrorRecording recording;
    private final StepContext context;

    PassRunner(
            Model model,
            SamConfig config,
            ParameterRuns runs,
            StepBuffers buffers,
            StepProgress progress,
            NonTrainableEntries nonTrainable,
            PerturbationRule perturbation,
            OutputErrorRecording recording,
            StepContext context) {
        this.model = model;
        this.config = config;
        this.runs = runs;
        this.buffers = buffers;
        this.progress = progress;
        this.nonTrainable = nonTrainable;
        this.perturbation = perturbation;
        this.recording = recording;
        this.context = context;
    }

    private void requirePerturbedPhase(String what) {
        if (progress.phase != StepProgress.Phase.PERTURBED) {
            throw new IllegalStateException(what + " is available to step algorithms only (inside computeGradient)");
        }
    }

    @Override
    public StepContext context() {
        return context;
    }

    @Override
    public Batch batch() {
        requirePerturbedPhase("batch()");
        if (progress.batch == null) {
            progress.batch = ModelAccess.batch(model);
        }
        return progress.batch;
    }

    @Override
    public double perturb() {
        requirePerturbedPhase("perturb()");
        double norm = perturbation.perturb(context);
        progress.perturbationNormSum += norm;
        progress.perturbations++;
        return norm;
    }

    @Override
    public void restoreWeights() {
        requirePerturbedPhase("restoreWeights()");
        runs.params().assign(buffers.weightBackup());
    }

    @Override
    public double computeGradient() {
        requirePerturbedPhase("computeGradient()");
        restoreBatch();
        recording.nextPassRows(null);
        return pass(progress.batchScale);
    }

    @Override
    public double computeGradient(Batch part) {
        requirePerturbedPhase("computeGradient(part)");
        batch();
        ModelAccess.setBatch(model, part);
        progress.batchReplaced = true;
        recording.nextPassRows(part.stepRows());
        return pass(model.conf().isMiniBatch() ? part.size() : 1);
    }

    /** Put the step's own batch back into the model if a pass replaced it. */
    void restoreBatch() {
        if (progress.batchReplaced) {
            ModelAccess.setBatch(model, progress.batch);
            progress.batchReplaced = false;
        }
    }

    private double pass(double examples) {
        long start = System.nanoTime();
        ModelAccess.computeGradientAndScore(model);
        progress.passNanos += System.nanoTime() - start;
        progress.passes++;
        if (config.weightDecay() != null && config.weightDecay().inAscent()) {
            runs.addScaledWeights(config.weightDecay().lambda() * examples); // ∇ of L + ½λ‖w‖² here
        }
        nonTrainable.afterPass();
        return model.score();
    }

    @Override
    public void defineAscentFrom(long examples) {
        requirePerturbedPhase("defineAscentFrom()");
        progress.scale = model.conf().isMiniBatch() ? examples : 1;
        progress.cleanNorm = org.dl4jsam.updaters.spi.Blas.norm2(runs.gradient()) / progress.scale;
    }

    @Override
    public INDArray exampleLosses(Batch part) {
        requirePerturbedPhase("exampleLosses()");
        batch();
        progress.batchReplaced = true; // scoring may set the model's input
        progress.passes += 0.5; //                          a forward pass: half a forward/backward pass, roughly
        recording.nextPassRows(part.stepRows());
        return ModelAccess.exampleLosses(model, part);
    }

    @Override
    public INDArray firstPassExampleLosses() {
        requirePerturbedPhase("firstPassExampleLosses()");
        return recording.firstPassLosses(progress.batch.size());
    }

    @Override
    public INDArray trainingModeExampleLosses() {
        requirePerturbedPhase("trainingModeExampleLosses()");
        Batch batch = batch();
        progress.batchReplaced = true; // scoring sets the model's input
        progress.passes += 0.5; //         a forward pass: half a forward/backward pass, roughly
        recording.nextPassRows(null);
        return recording.trainingModeLosses(batch);
    }

    @Override
    public OutputErrors outputErrors() {
        requirePerturbedPhase("outputErrors()");
        return recording.errors();
    }
}

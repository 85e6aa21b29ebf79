package org.dl4jsam.updaters;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharpness-aware step of one model, as a phase machine (docs/architecture.md): from
 * {@code onGradientCalculation} the step decides, backs the weights up, lets the step algorithm perturb and
 * recompute, restores the weights and the batch by copy, runs the transform chain and hands the gradient on;
 * from {@code iterationDone} it finishes what the update left (a transform's decoupled part, a skipped step's
 * undo). The jobs around it belong to collaborators: {@link ParameterRuns} (flat views and runs),
 * {@link StepBuffers}, {@link NonTrainableEntries} (BatchNorm statistics), {@link RuleSet} (rules and their
 * state), {@link OutputErrorRecording}, {@link EpochClock}, and the two faces the rules see,
 * {@link StepContextView} and {@link PassRunner}.
 */
final class SamStepEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SamStepEngine.class);

    private final Model model;
    private final SamConfig config;
    private final BaseMultiLayerUpdater<?> updaterRef;
    private final INDArray paramsRef;
    private final ParameterRuns runs;
    private final StepBuffers buffers;
    private final NonTrainableEntries nonTrainable;
    private final RuleSet rules;
    private final EpochClock clock;
    private final StepProgress progress = new StepProgress();
    private final StepContextView context;
    private final OutputErrorRecording recording;
    private final PassRunner passes;
    private final boolean keepsCleanGradient;

    private long steps;
    private long secondPasses;
    private boolean stateRestored;
    /** A skipped step left the weights in the backup: put them back once DL4J has applied its zero update. */
    private boolean restorePending;
    /** The transforms ran on this step: their {@code afterUpdate} is due once the updater has applied it. */
    private boolean transformsApplied;
    /** Training paused: the transforms moved the weights to their evaluation point. */
    private boolean atEvaluationPoint;

    private SamStepDiagnostics last;

    SamStepEngine(Model model, SamConfig explicitConfig) {
        ModelAccess.requireSupported(model);
        this.model = model;
        this.updaterRef = ModelAccess.updater(model);
        this.paramsRef = ModelAccess.flatParamsIdentity(model);
        this.runs = new ParameterRuns(model);
        this.config = resolveConfig(runs.layout(), explicitConfig);
        requireLearningRates();
        this.buffers = new StepBuffers(runs.params().dataType(), runs.length());
        this.nonTrainable = new NonTrainableEntries(runs, config.batchNormPolicy(), buffers);
        this.rules = new RuleSet(config, runs.length(), buffers, updaterRef);
        this.clock = new EpochClock(model, config);
        this.context = new StepContextView(runs, buffers, progress);
        this.recording = new OutputErrorRecording(model);
        this.passes = new PassRunner(
                model, config, runs, buffers, progress, nonTrainable, rules.perturbation(), recording, context);
        this.keepsCleanGradient = config.cosineDiagnostic() || config.keepsCleanGradient();
    }

    private static SamConfig resolveConfig(ParameterLayout layout, SamConfig explicitConfig) {
        if (layout.configs().size() > 1) {
            throw new IllegalStateException("Layers of this model carry different SAM configurations "
                    + layout.configs() + ": use one SamConfig for the whole model (SAM's ε is global)");
        }
        SamConfig fromModel =
                layout.configs().isEmpty() ? null : layout.configs().iterator().next();
        if (explicitConfig != null && fromModel != null && !explicitConfig.equals(fromModel)) {
            throw new IllegalStateException("The listener's SAM configuration " + explicitConfig
                    + " differs from the model's " + fromModel + ": attach a listener without an explicit config");
        }
        SamConfig resolved = explicitConfig != null ? explicitConfig : fromModel;
        if (resolved == null) {
            throw new IllegalStateException("No SAM configuration: the model has no SharpnessAwareUpdater and the "
                    + "listener was given none. Fix: configure .updater(new SharpnessAwareUpdater(base, samConfig)) "
                    + "or call SharpnessAware.attachTo(model, samConfig)");
        }
        return resolved;
    }

    /** The model-level requirement of the transforms: a learning rate on every trainable parameter. */
    private void requireLearningRates() {
        for (GradientTransformConfig transform : config.gradientTransforms()) {
            if (transform.requirements().learningRates()) {
                runs.layout().withoutLearningRate().ifPresent(segment -> {
                    throw new IllegalStateException(transform + " moves each parameter by its learning rate after "
                            + "the update, but the base updater of " + segment.layer() + "/" + segment.key() + " ("
                            + runs.layout().baseUpdaters().get(segment) + ") has none. Fix: a base updater with a "
                            + "learning rate (Sgd, Nesterovs, Adam, MomentumSgd, ...) or the coupled form");
                });
            }
        }
    }

    // ---- the step: onGradientCalculation ----

    void step() {
        long start = System.nanoTime();
        if (ModelAccess.usesTruncatedBptt(model)) {
            throw new UnsupportedOperationException("Sharpness-aware training does not support truncated BPTT "
                    + "(the first pass advances the stored RNN state). Fix: use BackpropType.Standard");
        }
        boolean repeatFirstPass = atEvaluationPoint && moveToTrainingPoint(); // a pause no epoch start ended
        progress.begin(
                BaseOptimizer.getIterationCount(model),
                BaseOptimizer.getEpochCount(model),
                model.conf().isMiniBatch() ? model.batchSize() : 1);
        if (repeatFirstPass) {
            ModelAccess.computeGradientAndScore(model); //   DL4J's first pass ran at the evaluation point
            progress.passes++;
        }
        adoptSavedStateOrWarn();
        clock.checkAt(progress.epoch);
        double cleanLoss = model.score();
        INDArray gradient = runs.gradient();
        nonTrainable.stashFirstPass();
        if (decayInAscent()) {
            addWeightDecay(); //                             g + λw: the decay is part of the loss
        }
        progress.cleanNorm(Blas.norm2(gradient) / progress.scale);
        steps++;
        if (!Double.isFinite(progress.cleanNorm)) {
            reject("first-pass gradient g", progress.cleanNorm, cleanLoss, start);
            return;
        }
        rules.checkpointScalars();
        if (!rules.secondPass().takeSecondPass(context)) {
            progress.phase = StepProgress.Phase.TRANSFORMING;
            handOn();
            nonTrainable.handOnFirstPass();
            finish(cleanLoss, Double.NaN, Double.NaN, Double.NaN, start);
            return;
        }
        progress.tookSecondPass = true;
        secondPasses++;
        double perturbedLoss = perturbedPasses(cleanLoss);
        nonTrainable.zero();
        double perturbedNorm = Blas.norm2(gradient) / progress.scale;
        double statistics = nonTrainable.secondPassNorm();
        if (!Double.isFinite(perturbedNorm) || !Double.isFinite(statistics)) {
            reject(
                    "second-pass gradient ĝ",
                    Double.isFinite(perturbedNorm) ? statistics : perturbedNorm,
                    cleanLoss,
                    start);
            return;
        }
        double cosine = config.cosineDiagnostic()
                ? Blas.dot(buffers.cleanGradient(), gradient)
                        / (progress.scale * progress.scale * progress.cleanNorm * perturbedNorm)
                : Double.NaN;
        handOn();
        nonTrainable.handOnAfterSecondPass();
        finish(cleanLoss, perturbedLoss, perturbedNorm, cosine, start);
    }

    /** Back up w, run the step algorithm, and restore w and the batch by copy whatever it did or threw. */
    private double perturbedPasses(double cleanLoss) {
        if (keepsCleanGradient) {
            buffers.cleanGradient().assign(runs.gradient());
        }
        nonTrainable.applyFirstPassNow(); //                 UPDATE_BOTH: running statistics take the first update
        buffers.weightBackup().assign(runs.params());
        rules.checkpointArrays();
        progress.phase = StepProgress.Phase.PERTURBED;
        recording.enterPerturbedPasses();
        boolean done = false;
        try {
            double loss = rules.algorithm().computeGradient(passes);
            done = true;
            return loss;
        } finally {
            recording.exitPerturbedPasses();
            runs.params().assign(buffers.weightBackup()); // exact restore, never w − ε
            passes.restoreBatch();
            progress.restored();
            if (!done) { //                                   the algorithm threw: nothing of the step remains
                nonTrainable.undoFirstPass();
                nonTrainable.handOnFirstPass();
                rules.rollback();
                ModelAccess.setScore(model, cleanLoss);
            }
        }
    }

    /** The transform chain, then decoupled (PyTorch-style) decay: the gradient the base updater gets. */
    private void handOn() {
        for (GradientTransformRule transform : rules.transforms()) {
            transform.apply(context);
        }
        transformsApplied = true;
        if (config.weightDecay() != null && !decayInAscent()) {
            addWeightDecay(); //                             ĝ + λw, as PyTorch's SGD(weight_decay) after SAM
        }
    }

    private boolean decayInAscent() {
        return config.weightDecay() != null && config.weightDecay().inAscent();
    }

    private void addWeightDecay() {
        runs.addScaledWeights(config.weightDecay().lambda() * progress.scale);
    }

    private void finish(double cleanLoss, double perturbedLoss, double perturbedNorm, double cosine, long start) {
        ModelAccess.setScore(model, cleanLoss);
        SamStepGuard.markHandled(progress.iteration, progress.epoch, false);
        last = diagnostics(false, cleanLoss, perturbedLoss, perturbedNorm, cosine, start, progress.passNanos);
    }

    /** A non-finite gradient: the step leaves no trace (weights, statistics, rule state), then fails or skips. */
    private void reject(String what, double norm, double cleanLoss, long start) {
        if (progress.tookSecondPass) {
            nonTrainable.undoFirstPass(); //                  the weights are already restored
        }
        rules.rollback();
        String where = "iteration " + progress.iteration + ", epoch " + progress.epoch;
        if (config.nonFinitePolicy() == NonFinitePolicy.FAIL) {
            nonTrainable.handOnFirstPass();
            throw new NonFiniteGradientException("Non-finite " + what + " at " + where + " (norm " + norm
                    + ", loss " + cleanLoss + "); weights, optimizer state and SAM state are unchanged. Fix: lower "
                    + "the learning rate or rho, check the data for NaN/Inf, or set NonFinitePolicy.SKIP_STEP");
        }
        LOG.warn("Skipping the SAM step at {}: non-finite {} (norm {}); weights unchanged", where, what, norm);
        buffers.weightBackup().assign(runs.params());
        runs.gradient().assign(0);
        restorePending = true;
        progress.tookSecondPass = false;
        ModelAccess.setScore(model, cleanLoss);
        SamStepGuard.markHandled(progress.iteration, progress.epoch, true);
        last = diagnostics(true, cleanLoss, Double.NaN, Double.NaN, Double.NaN, start, 0);
    }

    private SamStepDiagnostics diagnostics(
            boolean skipped,
            double cleanLoss,
            double perturbedLoss,
            double perturbedNorm,
            double cosine,
            long start,
            long passNanos) {
        double fromRule = rules.secondPass().secondPassFraction();
        return new SamStepDiagnostics(
                progress.iteration,
                progress.epoch,
                progress.tookSecondPass,
                skipped,
                cleanLoss,
                perturbedLoss,
                progress.cleanNorm,
                perturbedNorm,
                cosine,
                skipped ? Double.NaN : progress.meanPerturbationNorm(),
                progress.reported,
                Double.isNaN(fromRule) ? (double) secondPasses / steps : fromRule,
                System.nanoTime() - start,
                passNanos,
                progress.passes);
    }

    // ---- after the update: iterationDone ----

    /** Undo a skipped step's weight change, or let the transforms finish (a decoupled part); mirror the state. */
    void afterUpdate() {
        progress.phase = StepProgress.Phase.BETWEEN_STEPS;
        if (restorePending) {
            runs.params().assign(buffers.weightBackup());
            restorePending = false;
        } else if (transformsApplied) {
            transformsApplied = false;
            for (GradientTransformRule transform : rules.transforms()) {
                transform.afterUpdate(context);
            }
        }
        rules.mirror();
    }

    // ---- between steps: epochs, evaluation, state ----

    /** An epoch starts: training resumes at the transforms' training point; the epoch clock ticks. */
    void epochStarted() {
        clock.epochStarted();
        moveToTrainingPoint();
    }

    /** Training pauses (an epoch ends, the model is saved): the weights move to where evaluation belongs. */
    void moveToEvaluationPoint() {
        if (progress.phase == StepProgress.Phase.BETWEEN_STEPS) {
            atEvaluationPoint = true;
            for (GradientTransformRule transform : rules.transforms()) {
                transform.moveToEvaluationPoint(context);
            }
        }
    }

    /** @return whether training is paused at the evaluation point ({@link #moveToEvaluationPoint()}) */
    boolean atEvaluationPoint() {
        return atEvaluationPoint;
    }

    /**
     * Training resumes: undo {@link #moveToEvaluationPoint()}.
     *
     * @return whether a transform moved the weights
     */
    boolean moveToTrainingPoint() {
        boolean moved = false;
        if (progress.phase == StepProgress.Phase.BETWEEN_STEPS) {
            atEvaluationPoint = false;
            for (GradientTransformRule transform : rules.transforms()) {
                moved |= transform.moveToTrainingPoint(context);
            }
        }
        return moved;
    }

    private void adoptSavedStateOrWarn() {
        if (!stateRestored && steps == 0 && rules.adoptMirroredState()) {
            stateRestored = true; // a network rebuilt from saved or broadcast updater state
        }
        if (!stateRestored && steps == 0 && progress.iteration > 0 && rules.hasState()) {
            LOG.warn(
                    "{} starts with fresh state at iteration {}: restore the model with "
                            + "SharpnessAware.restore...(file) to continue exactly",
                    config,
                    progress.iteration);
        }
        stateRestored = true;
    }

    /** Whether this engine still matches the model's arrays (DL4J replaces them on init/setUpdater). */
    boolean isCurrent() {
        return ModelAccess.flatParamsIdentity(model) == paramsRef && ModelAccess.updater(model) == updaterRef;
    }

    SamConfig config() {
        return config;
    }

    /** @return what the rules see of this model's step (for tests and diagnostics) */
    org.dl4jsam.updaters.spi.StepContext context() {
        return context;
    }

    SamStepDiagnostics last() {
        return last;
    }

    /** A copy of the rules' persistent state. */
    SamRuntimeState state() {
        return rules.state();
    }

    /** @return whether this configuration keeps state between steps (EMAs, stored directions, counters) */
    boolean keepsState() {
        return rules.hasState();
    }

    /** The caller chose to start the SAM state afresh: no warning at the first step. */
    void acceptFreshState() {
        stateRestored = true;
    }

    /** Put back what {@link #state()} returned (for this configuration). */
    void restoreState(SamRuntimeState state) {
        rules.restore(state);
        stateRestored = true;
    }

    /** Entries of the rules' array state (0 when no rule keeps arrays). */
    long stateEntries() {
        return rules.stateEntries();
    }

    /** Number of parameter-sized buffers this engine holds (the rules' array state not included). */
    int bufferCount() {
        return buffers.count();
    }

    /** Warnings this engine has logged (each at most once), for callers and tests. */
    List<String> warnings() {
        return clock.warnings();
    }
}

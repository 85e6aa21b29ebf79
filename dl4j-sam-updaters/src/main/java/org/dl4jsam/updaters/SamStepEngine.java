package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-pass step for one model (docs/dl4j-internals.md, "The hook"), run from
 * {@code onGradientCalculation}: stash the non-trainable gradient entries, decide, back the weights
 * up, perturb, recompute the gradient at {@code w+ε}, restore the weights by copy, transform, put the
 * chosen non-trainable entries back and restore the clean score. All work is done with ND4J ops on
 * the flat views; buffers are allocated once.
 */
final class SamStepEngine implements StepContext {
    private static final Logger LOG = LoggerFactory.getLogger(SamStepEngine.class);

    private enum Phase {
        FIRST_PASS,
        PERTURBED,
        RESTORED
    }

    private final Model model;
    private final SamConfig config;
    private final BaseMultiLayerUpdater<?> updaterRef;
    private final INDArray paramsRef;
    private final INDArray params;
    private final INDArray gradient;
    private final ParameterLayout layout;
    private final INDArray[] paramRuns;
    private final INDArray[] gradientRuns;
    private final INDArray[] savedRuns;
    private final INDArray[] secondPassRuns;
    private final INDArray[] trainableParamRuns;
    private final INDArray[] trainableGradientRuns;
    private final PerturbationRule perturbation;
    private final SecondPassRule secondPass;
    private final GradientTransformRule transform;

    private INDArray weights;
    private INDArray clean;
    private final List<INDArray> extra = new ArrayList<>();

    private Phase phase = Phase.FIRST_PASS;
    private double divisor = 1;
    private double cleanNorm;
    private int iteration;
    private int epoch;
    private boolean restorePending;
    private long steps;
    private long secondPasses;
    private boolean stateRestored;
    private SamStepDiagnostics last;
    private int epochStartsSeen;
    private int epochAtLastStart;
    private boolean epochClockStalled;
    private final List<String> warnings = new ArrayList<>();

    SamStepEngine(Model model, SamConfig explicitConfig) {
        ModelAccess.requireSupported(model);
        this.model = model;
        this.updaterRef = ModelAccess.updater(model);
        this.paramsRef = ModelAccess.flatParamsIdentity(model);
        this.params = flat(model.params());
        this.gradient = flat(model.getGradientsViewArray());
        this.layout = ParameterLayout.of(updaterRef, params.length());
        this.config = resolveConfig(layout, explicitConfig);
        paramRuns = views(params, layout.nonTrainable());
        gradientRuns = views(gradient, layout.nonTrainable());
        List<long[]> trainable = trainableRuns(layout);
        trainableParamRuns = views(params, trainable);
        trainableGradientRuns = views(gradient, trainable);
        savedRuns = stash(layout);
        // UPDATE_BOTH keeps the second pass's running-statistics update apart from the first pass's, so that a
        // rejected second pass can still undo the first one (small: non-trainable entries only).
        secondPassRuns = config.batchNormPolicy() == BatchNormPolicy.UPDATE_BOTH ? stash(layout) : new INDArray[0];
        this.perturbation = config.perturbation().newRule();
        this.secondPass = config.secondPass().newRule();
        this.transform = config.gradientTransform() == null
                ? null
                : config.gradientTransform().newRule();
    }

    private static List<long[]> trainableRuns(ParameterLayout layout) {
        List<long[]> runs = new ArrayList<>();
        long start = 0;
        for (long[] frozen : layout.nonTrainable()) {
            if (frozen[0] > start) {
                runs.add(new long[] {start, frozen[0]});
            }
            start = frozen[1];
        }
        if (layout.length() > start) {
            runs.add(new long[] {start, layout.length()});
        }
        return runs;
    }

    /** {@code g += λ·w} on trainable entries (times the batch size: the view holds the batch sum). */
    private void addWeightDecay() {
        double scaled = config.weightDecay().lambda() * divisor;
        if (layout.nonTrainable().isEmpty()) {
            Blas.axpy(scaled, params, gradient);
            return;
        }
        for (int i = 0; i < trainableParamRuns.length; i++) {
            Blas.axpy(scaled, trainableParamRuns[i], trainableGradientRuns[i]);
        }
    }

    /** A small buffer with one view per non-trainable run, laid end to end (a stash of those entries). */
    private INDArray[] stash(ParameterLayout layout) {
        List<long[]> packed = new ArrayList<>();
        long offset = 0;
        for (long[] run : layout.nonTrainable()) {
            packed.add(new long[] {offset, offset + run[1] - run[0]});
            offset += run[1] - run[0];
        }
        return packed.isEmpty() ? new INDArray[0] : views(allocate(offset), packed);
    }

    private static INDArray[] views(INDArray source, List<long[]> runs) {
        INDArray[] views = new INDArray[runs.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = source.get(NDArrayIndex.interval(runs.get(i)[0], runs.get(i)[1]));
        }
        return views;
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

    /** Whether this engine still matches the model's arrays (DL4J replaces them on init/setUpdater). */
    boolean isCurrent() {
        return ModelAccess.flatParamsIdentity(model) == paramsRef && ModelAccess.updater(model) == updaterRef;
    }

    SamConfig config() {
        return config;
    }

    SamStepDiagnostics last() {
        return last;
    }

    /** Persistent state of the stateful strategies (empty for stateless variants). */
    Map<String, Double> state() {
        return secondPass.state();
    }

    void restoreState(Map<String, Double> state) {
        secondPass.restoreState(state);
        stateRestored = true;
    }

    /** Number of parameter-sized buffers this engine holds. */
    int bufferCount() {
        return (weights == null ? 0 : 1) + (clean == null ? 0 : 1) + extra.size();
    }

    void step() {
        long start = System.nanoTime();
        if (ModelAccess.usesTruncatedBptt(model)) {
            throw new UnsupportedOperationException("Sharpness-aware training does not support truncated BPTT "
                    + "(the first pass advances the stored RNN state). Fix: use BackpropType.Standard");
        }
        iteration = BaseOptimizer.getIterationCount(model);
        epoch = BaseOptimizer.getEpochCount(model);
        warnIfStateIsFresh();
        warnIfEpochClockIsStill();
        divisor = model.conf().isMiniBatch() ? model.batchSize() : 1;
        double cleanLoss = model.score();
        phase = Phase.FIRST_PASS;
        stashNonTrainable();
        WeightDecayConfig decay = config.weightDecay();
        boolean decayInAscent = decay != null && decay.inAscent();
        if (decayInAscent) {
            addWeightDecay(); //                          g + λw: the decay is part of the loss
        }
        cleanNorm = gradient.norm2Number().doubleValue() / divisor;
        steps++;
        if (!Double.isFinite(cleanNorm)) {
            skipOrFail("first-pass gradient g", cleanNorm, cleanLoss, start);
            return;
        }
        if (!secondPass.takeSecondPass(this)) {
            if (decay != null && !decayInAscent) {
                addWeightDecay();
            }
            unstashNonTrainable();
            finish(false, cleanLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, start, 0);
            return;
        }
        secondPasses++;
        boolean keepsClean = transform != null || config.cosineDiagnostic();
        if (keepsClean) {
            cleanGradient().assign(gradient);
        }
        boolean updateBoth = config.batchNormPolicy() == BatchNormPolicy.UPDATE_BOTH;
        if (updateBoth) {
            for (int i = 0; i < paramRuns.length; i++) {
                paramRuns[i].subi(savedRuns[i]); // running statistics take the first pass's update now
            }
        }
        weights().assign(params);
        phase = Phase.PERTURBED;
        double perturbationNorm;
        double perturbedLoss;
        long passNanos;
        boolean secondPassDone = false;
        try {
            perturbationNorm = perturbation.perturb(this);
            long passStart = System.nanoTime();
            ModelAccess.computeGradientAndScore(model); // ĝ = ∇L(w+ε) into the same gradient view
            passNanos = System.nanoTime() - passStart;
            perturbedLoss = model.score();
            if (decayInAscent) {
                addWeightDecay(); //                      ĝ + λ(w+ε), while the weights are still at w+ε
            }
            secondPassDone = true;
        } finally {
            params.assign(weights); //                     exact restore, never w − ε, whatever happened
            phase = Phase.RESTORED;
            if (!secondPassDone) {
                abandonSecondPass(cleanLoss);
            }
        }
        double secondPassStatisticsNorm = 0;
        if (updateBoth) {
            for (int i = 0; i < gradientRuns.length; i++) {
                secondPassRuns[i].assign(gradientRuns[i]); // the second pass's running-statistics update
                secondPassStatisticsNorm += gradientRuns[i].norm2Number().doubleValue();
            }
        }
        zeroNonTrainable();
        double perturbedNorm = gradient.norm2Number().doubleValue() / divisor;
        if (!Double.isFinite(perturbedNorm) || !Double.isFinite(secondPassStatisticsNorm)) {
            skipOrFail(
                    "second-pass gradient ĝ",
                    Double.isFinite(perturbedNorm) ? secondPassStatisticsNorm : perturbedNorm,
                    cleanLoss,
                    start);
            return;
        }
        double cosine = config.cosineDiagnostic()
                ? Blas.dot(clean, gradient) / (divisor * divisor * cleanNorm * perturbedNorm)
                : Double.NaN;
        GradientTransformRule.TransformOutcome outcome = transform == null ? null : transform.apply(this);
        if (decay != null && !decayInAscent) {
            addWeightDecay(); //                          ĝ + λw, as PyTorch's SGD(weight_decay) after SAM
        }
        if (updateBoth) {
            for (int i = 0; i < gradientRuns.length; i++) {
                gradientRuns[i].assign(secondPassRuns[i]); // the base updater applies the second pass's update
            }
        } else {
            unstashNonTrainable();
        }
        finish(true, cleanLoss, perturbedLoss, perturbedNorm, cosine, perturbationNorm, outcome, start, passNanos);
    }

    /** The second pass threw: weights are already restored; undo its bookkeeping so nothing is lost. */
    private void abandonSecondPass(double cleanLoss) {
        if (config.batchNormPolicy() == BatchNormPolicy.UPDATE_BOTH) {
            for (int i = 0; i < paramRuns.length; i++) {
                paramRuns[i].addi(savedRuns[i]);
            }
        }
        unstashNonTrainable();
        ModelAccess.setScore(model, cleanLoss);
    }

    /** Called from {@code iterationDone}: undo a skipped step's weight change. */
    void afterUpdate() {
        if (restorePending) {
            params.assign(weights);
            restorePending = false;
        }
    }

    private void finish(
            boolean tookSecondPass,
            double cleanLoss,
            double perturbedLoss,
            double perturbedNorm,
            double cosine,
            double perturbationNorm,
            GradientTransformRule.TransformOutcome outcome,
            long start,
            long passNanos) {
        ModelAccess.setScore(model, cleanLoss);
        SamStepGuard.markHandled(iteration, epoch, false);
        GradientTransformRule.TransformOutcome shown =
                outcome == null ? GradientTransformRule.TransformOutcome.NONE : outcome;
        last = new SamStepDiagnostics(
                iteration,
                epoch,
                tookSecondPass,
                false,
                cleanLoss,
                perturbedLoss,
                cleanNorm,
                perturbedNorm,
                cosine,
                perturbationNorm,
                shown.maskedFraction(),
                shown.coefficient(),
                secondPassFraction(),
                System.nanoTime() - start,
                passNanos);
    }

    private void skipOrFail(String what, double norm, double cleanLoss, long start) {
        if (phase == Phase.PERTURBED || phase == Phase.RESTORED) {
            params.assign(weights);
            if (config.batchNormPolicy() == BatchNormPolicy.UPDATE_BOTH) {
                for (int i = 0; i < paramRuns.length; i++) {
                    paramRuns[i].addi(savedRuns[i]); // undo the first pass's running-statistics update
                }
            }
        }
        String where = "iteration " + iteration + ", epoch " + epoch;
        if (config.nonFinitePolicy() == NonFinitePolicy.FAIL) {
            unstashNonTrainable();
            throw new NonFiniteGradientException("Non-finite " + what + " at " + where + " (norm " + norm
                    + ", loss " + cleanLoss + "); weights and optimizer state are unchanged. Fix: lower the "
                    + "learning rate or rho, check the data for NaN/Inf, or set NonFinitePolicy.SKIP_STEP");
        }
        LOG.warn("Skipping the SAM step at {}: non-finite {} (norm {}); weights unchanged", where, what, norm);
        weights().assign(params);
        gradient.assign(0);
        restorePending = true;
        ModelAccess.setScore(model, cleanLoss);
        SamStepGuard.markHandled(iteration, epoch, true);
        last = new SamStepDiagnostics(
                iteration,
                epoch,
                false,
                true,
                cleanLoss,
                Double.NaN,
                cleanNorm,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                secondPassFraction(),
                System.nanoTime() - start,
                0);
    }

    private double secondPassFraction() {
        double fromRule = secondPass.secondPassFraction();
        return Double.isNaN(fromRule) ? (double) secondPasses / steps : fromRule;
    }

    private void warnIfStateIsFresh() {
        if (!stateRestored && steps == 0 && iteration > 0 && !secondPass.state().isEmpty()) {
            LOG.warn(
                    "{} starts with fresh statistics at iteration {}: restore the model with "
                            + "SharpnessAware.restore...(file) to continue exactly",
                    config.secondPass(),
                    iteration);
        }
        stateRestored = true;
    }

    /** Called from {@code onEpochStart}: lets the engine see whether the model's epoch count advances. */
    void epochStarted() {
        int now = BaseOptimizer.getEpochCount(model);
        if (epochStartsSeen > 0 && now == epochAtLastStart) {
            epochClockStalled = true;
        }
        epochStartsSeen++;
        epochAtLastStart = now;
    }

    /** Warnings this engine has logged (each at most once), for callers and tests. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void warnIfEpochClockIsStill() {
        boolean countsEpochs =
                config.gradientTransform() != null && config.gradientTransform().followsEpochCount();
        if (!countsEpochs || (epochStartsSeen > 0 && !epochClockStalled) || !warnings.isEmpty()) {
            return;
        }
        String warning = config.gradientTransform() + " follows the model's epoch count, which "
                + (epochStartsSeen == 0
                        ? "no epoch start has advanced (fit(DataSet) / fit(MultiDataSet) loops and ParallelWrapper "
                                + "do not count epochs)"
                        : "did not advance between two epoch starts")
                + ": it stays at epoch " + epoch + ". Fix: train with fit(iterator, epochs), call "
                + "model.incrementEpochCount() after each epoch of your own loop (then ignore this warning), or "
                + "count the warm-up in iterations (WarmupUnit.ITERATION)";
        warnings.add(warning);
        LOG.warn(warning);
    }

    private void stashNonTrainable() {
        for (int i = 0; i < gradientRuns.length; i++) {
            savedRuns[i].assign(gradientRuns[i]);
            gradientRuns[i].assign(0);
        }
    }

    private void zeroNonTrainable() {
        for (INDArray run : gradientRuns) {
            run.assign(0);
        }
    }

    private void unstashNonTrainable() {
        for (int i = 0; i < gradientRuns.length; i++) {
            gradientRuns[i].assign(savedRuns[i]);
        }
    }

    private INDArray weights() {
        if (weights == null) {
            weights = allocate(params.length());
        }
        return weights;
    }

    @SuppressWarnings("try") // the scope itself is the point: allocate outside any workspace
    private INDArray allocate(long length) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            DataType type = params.dataType();
            return Nd4j.createUninitialized(type, length);
        }
    }

    private static INDArray flat(INDArray array) {
        return array.rank() == 1 ? array : array.reshape(array.length());
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public INDArray gradient() {
        return gradient;
    }

    @Override
    public INDArray cleanGradient() {
        if (clean == null) {
            clean = allocate(params.length());
        }
        return clean;
    }

    @Override
    public INDArray scratch(int index) {
        if (index == 0) {
            if (phase != Phase.RESTORED) {
                throw new IllegalStateException("scratch(0) is the weight backup: usable only after the weights "
                        + "are restored (in a gradient transform)");
            }
            return weights();
        }
        while (extra.size() < index) {
            extra.add(allocate(params.length()));
        }
        return extra.get(index - 1);
    }

    @Override
    public double gradientScale() {
        return divisor;
    }

    @Override
    public double cleanGradientNorm() {
        return cleanNorm;
    }

    @Override
    public long trainableCount() {
        return layout.trainableCount();
    }

    @Override
    public int iteration() {
        return iteration;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public double learningRate() {
        IUpdater base = layout.firstTrainable();
        return base == null || !base.hasLearningRate() ? Double.NaN : base.getLearningRate(iteration, epoch);
    }
}

package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.dl4jsam.updaters.loss.OutputErrorLoss;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.ExternalEpochCount;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.OutputErrors;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.PerturbedPassAware;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.SecondPasses;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepContext;
import org.dl4jsam.updaters.spi.StepRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharpness-aware step for one model (docs/dl4j-internals.md, "The hook"), run from
 * {@code onGradientCalculation}: stash the non-trainable gradient entries, decide, back the weights
 * up, let the step algorithm perturb and recompute, restore the weights (and the batch) by copy, run
 * the transform chain, put the chosen non-trainable entries back and restore the clean score. All
 * work is done with ND4J ops on the flat views; buffers are allocated once.
 */
final class SamStepEngine implements StepContext, SecondPasses {
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
    private final long trainableCount;
    private final INDArray[] paramRuns;
    private final INDArray[] gradientRuns;
    private final INDArray[] savedRuns;
    private final INDArray[] secondPassRuns;
    private final INDArray[] trainableParamRuns;
    private final INDArray[] trainableGradientRuns;
    private final StepAlgorithm algorithm;
    private final PerturbationRule perturbation;
    private final SecondPassRule secondPass;
    private final List<GradientTransformRule> transforms = new ArrayList<>();
    private final Map<String, StepRule> rules = new LinkedHashMap<>();
    private final INDArray stateBuffer;
    private final Map<ParameterScope, List<long[]>> scopeRuns = new HashMap<>();
    private final Map<String, Double> reported = new LinkedHashMap<>();
    /** The output layers' error recorders, once a step algorithm asked for them (J-SAM, logit-SAM). */
    private OutputErrorLoss[] recorders;
    /** The rules' scalar state mirrored in the updater state (null when no rule's state travels there). */
    private final UpdaterStateSlot slot;

    private INDArray weights;
    private INDArray clean;
    private final List<INDArray> extra = new ArrayList<>();

    private Phase phase = Phase.FIRST_PASS;
    private double divisor = 1;
    private double batchDivisor = 1;
    private double cleanNorm;
    private double batchCleanNorm;
    private boolean tookSecondPass;
    private Batch batch;
    private boolean batchReplaced;
    private long passNanos;
    /** Forward/backward passes of this step so far (forward-only scorings count ½). */
    private double stepPasses;

    private double perturbationNormSum;
    private int perturbations;
    private int iteration;
    private int epoch;
    private boolean restorePending;
    /** The transforms ran on this step: their {@code afterUpdate} is due once the updater has applied it. */
    private boolean transformsApplied;

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
        this.trainableCount = layout.trainableCount();
        this.config = resolveConfig(layout, explicitConfig);
        List<long[]> nonTrainable = layout.nonTrainable();
        paramRuns = views(params, nonTrainable);
        gradientRuns = views(gradient, nonTrainable);
        List<long[]> trainable = ParameterLayout.runs(
                layout.segments().stream().filter(ParameterSegment::trainable).toList());
        trainableParamRuns = views(params, trainable);
        trainableGradientRuns = views(gradient, trainable);
        savedRuns = stash(nonTrainable);
        // UPDATE_BOTH keeps the second pass's running-statistics update apart from the first pass's, so that a
        // rejected second pass can still undo the first one (small: non-trainable entries only).
        secondPassRuns =
                config.batchNormPolicy() == BatchNormPolicy.UPDATE_BOTH ? stash(nonTrainable) : new INDArray[0];
        rules.putAll(UpdaterStateSlot.rules(config));
        this.algorithm = (StepAlgorithm) rules.get("stepAlgorithm");
        this.perturbation = (PerturbationRule) rules.get("perturbation");
        this.secondPass = (SecondPassRule) rules.get("secondPass");
        for (int i = 0; i < config.gradientTransforms().size(); i++) {
            transforms.add((GradientTransformRule) rules.get("gradientTransforms[" + i + "]"));
        }
        this.stateBuffer = allocateState();
        this.slot = UpdaterStateSlot.find(updaterRef, rules);
    }

    /** One zero-filled buffer for every rule's array state; each rule gets its view. */
    private INDArray allocateState() {
        long total = 0;
        Map<StepRule, Long> sizes = new LinkedHashMap<>();
        for (StepRule rule : rules.values()) {
            long size = rule.stateSize(params.length());
            if (size < 0) {
                throw new IllegalStateException(rule + " reports a negative state size " + size);
            }
            sizes.put(rule, size);
            total += size;
        }
        if (total == 0) {
            return null;
        }
        INDArray buffer = allocate(total).assign(0);
        long offset = 0;
        for (Map.Entry<StepRule, Long> entry : sizes.entrySet()) {
            if (entry.getValue() > 0) {
                entry.getKey().setStateView(buffer.get(NDArrayIndex.interval(offset, offset + entry.getValue())));
                offset += entry.getValue();
            }
        }
        return buffer;
    }

    /** {@code g += λ·w} on trainable entries, for a gradient that is a sum over {@code examples}. */
    private void addWeightDecay(double examples) {
        double scaled = config.weightDecay().lambda() * examples;
        if (paramRuns.length == 0) {
            Blas.axpy(scaled, params, gradient);
            return;
        }
        for (int i = 0; i < trainableParamRuns.length; i++) {
            Blas.axpy(scaled, trainableParamRuns[i], trainableGradientRuns[i]);
        }
    }

    private boolean decayInAscent() {
        return config.weightDecay() != null && config.weightDecay().inAscent();
    }

    /** A small buffer with one view per given run, laid end to end (a stash of those entries). */
    private INDArray[] stash(List<long[]> runs) {
        List<long[]> packed = new ArrayList<>();
        long offset = 0;
        for (long[] run : runs) {
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

    /** A copy of the rules' persistent state. */
    SamRuntimeState state() {
        Map<String, Map<String, Double>> scalars = new LinkedHashMap<>();
        rules.forEach((name, rule) -> {
            Map<String, Double> values = rule.scalarState();
            if (!values.isEmpty()) {
                scalars.put(name, values);
            }
        });
        return new SamRuntimeState(scalars, stateBuffer == null ? null : stateBuffer.dup());
    }

    /** Whether any rule keeps state (without copying it, unlike {@link #state()}). */
    private boolean hasState() {
        return stateBuffer != null
                || rules.values().stream().anyMatch(r -> !r.scalarState().isEmpty());
    }

    /** Put back what {@link #state()} returned (for this configuration). */
    void restoreState(SamRuntimeState state) {
        for (String name : state.scalars().keySet()) {
            if (!rules.containsKey(name)) {
                throw new IllegalArgumentException("SAM state holds scalars of \"" + name
                        + "\", which this configuration has no rule for (" + rules.keySet() + ")");
            }
        }
        long expected = stateBuffer == null ? 0 : stateBuffer.length();
        long found = state.array() == null ? 0 : state.array().length();
        if (expected != found) {
            throw new IllegalArgumentException("SAM state holds " + found + " array entries, this configuration on "
                    + "this model needs " + expected + ": the state belongs to another model or configuration");
        }
        rules.forEach((name, rule) -> rule.restoreScalarState(state.scalars().getOrDefault(name, Map.of())));
        if (stateBuffer != null) {
            stateBuffer.assign(state.array());
        }
        stateRestored = true;
    }

    /** Entries of the rules' array state (0 when no rule keeps arrays). */
    long stateEntries() {
        return stateBuffer == null ? 0 : stateBuffer.length();
    }

    /** Number of parameter-sized buffers this engine holds (the rules' array state not included). */
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
        batchDivisor = model.conf().isMiniBatch() ? model.batchSize() : 1;
        divisor = batchDivisor;
        double cleanLoss = model.score();
        phase = Phase.FIRST_PASS;
        tookSecondPass = false;
        batch = null;
        passNanos = 0;
        stepPasses = 1; //                                 DL4J's first pass
        perturbationNormSum = 0;
        perturbations = 0;
        reported.clear();
        transformsApplied = false;
        stashNonTrainable();
        if (decayInAscent()) {
            addWeightDecay(divisor); //                   g + λw: the decay is part of the loss
        }
        cleanNorm = Blas.norm2(gradient) / divisor;
        batchCleanNorm = cleanNorm;
        steps++;
        if (!Double.isFinite(cleanNorm)) {
            skipOrFail("first-pass gradient g", cleanNorm, cleanLoss, start);
            return;
        }
        if (!secondPass.takeSecondPass(this)) {
            applyTransforms();
            if (config.weightDecay() != null && !decayInAscent()) {
                addWeightDecay(divisor);
            }
            unstashNonTrainable();
            finish(cleanLoss, Double.NaN, Double.NaN, Double.NaN, start);
            return;
        }
        tookSecondPass = true;
        secondPasses++;
        boolean keepsClean = config.cosineDiagnostic()
                || config.gradientTransforms().stream().anyMatch(GradientTransformConfig::needsCleanGradient);
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
        double perturbedLoss;
        boolean secondPassDone = false;
        List<PerturbedPassAware> aware = perturbedPassAwareLosses();
        aware.forEach(PerturbedPassAware::enterPerturbedPasses);
        try {
            perturbedLoss = algorithm.computeGradient(this);
            secondPassDone = true;
        } finally {
            aware.forEach(PerturbedPassAware::exitPerturbedPasses);
            if (recorders != null) {
                for (OutputErrorLoss recorder : recorders) {
                    recorder.replaceNextGradient(null); // DL4J's next first pass uses the loss's own error
                }
            }
            params.assign(weights); //                     exact restore, never w − ε, whatever happened
            if (batchReplaced) {
                ModelAccess.setBatch(model, batch);
                batchReplaced = false;
            }
            divisor = batchDivisor;
            cleanNorm = batchCleanNorm;
            phase = Phase.RESTORED;
            if (!secondPassDone) {
                abandonSecondPass(cleanLoss);
            }
        }
        zeroNonTrainable();
        double secondPassStatisticsNorm = 0;
        for (INDArray run : secondPassRuns) {
            secondPassStatisticsNorm += Blas.norm2(run);
        }
        double perturbedNorm = Blas.norm2(gradient) / divisor;
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
        applyTransforms();
        if (config.weightDecay() != null && !decayInAscent()) {
            addWeightDecay(divisor); //                   ĝ + λw, as PyTorch's SGD(weight_decay) after SAM
        }
        if (updateBoth) {
            for (int i = 0; i < gradientRuns.length; i++) {
                gradientRuns[i].assign(secondPassRuns[i]); // the base updater applies the second pass's update
            }
        } else {
            unstashNonTrainable();
        }
        finish(cleanLoss, perturbedLoss, perturbedNorm, cosine, start);
    }

    private void applyTransforms() {
        for (GradientTransformRule transform : transforms) {
            transform.apply(this);
        }
        transformsApplied = true;
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

    private long rulesWithScalars() {
        return rules.values().stream().filter(r -> !r.scalarState().isEmpty()).count();
    }

    /** Called from {@code iterationDone}: undo a skipped step's weight change; mirror the scalar state. */
    void afterUpdate() {
        if (slot != null) {
            slot.write(rules);
        }
        if (restorePending) {
            params.assign(weights);
            restorePending = false;
        } else if (transformsApplied) {
            transformsApplied = false;
            for (GradientTransformRule transform : transforms) {
                transform.afterUpdate(this);
            }
        }
    }

    private void finish(double cleanLoss, double perturbedLoss, double perturbedNorm, double cosine, long start) {
        ModelAccess.setScore(model, cleanLoss);
        SamStepGuard.markHandled(iteration, epoch, false);
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
                perturbations == 0 ? Double.NaN : perturbationNormSum / perturbations,
                reported,
                secondPassFraction(),
                System.nanoTime() - start,
                passNanos,
                stepPasses);
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
                reported,
                secondPassFraction(),
                System.nanoTime() - start,
                0,
                stepPasses);
    }

    private double secondPassFraction() {
        double fromRule = secondPass.secondPassFraction();
        return Double.isNaN(fromRule) ? (double) secondPasses / steps : fromRule;
    }

    private void warnIfStateIsFresh() {
        if (!stateRestored && steps == 0 && slot != null && slot.isWritten()) {
            // a network rebuilt from saved or broadcast updater state (ModelSerializer, Spark workers)
            Map<String, Map<String, Double>> mirrored = slot.read();
            mirrored.forEach((name, values) -> rules.get(name).restoreScalarState(values));
            stateRestored = stateBuffer == null && mirrored.size() == rulesWithScalars();
        }
        if (!stateRestored && steps == 0 && iteration > 0 && hasState()) {
            LOG.warn(
                    "{} starts with fresh state at iteration {}: restore the model with "
                            + "SharpnessAware.restore...(file) to continue exactly",
                    config,
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
        if (!config.followsEpochCount() || (epochStartsSeen > 0 && !epochClockStalled) || !warnings.isEmpty()) {
            return;
        }
        if (ModelAccess.listeners(model).stream().anyMatch(l -> l instanceof ExternalEpochCount)) {
            return; // the epoch count is kept from elsewhere (a Spark driver)
        }
        String warning = config.gradientTransforms() + " follows the model's epoch count, which "
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

    private void requirePerturbedPhase(String what) {
        if (phase != Phase.PERTURBED) {
            throw new IllegalStateException(what + " is available to step algorithms only (inside computeGradient)");
        }
    }

    // ---- SecondPasses: what a step algorithm may do ----

    @Override
    public StepContext context() {
        return this;
    }

    @Override
    public Batch batch() {
        requirePerturbedPhase("batch()");
        if (batch == null) {
            batch = ModelAccess.batch(model);
        }
        return batch;
    }

    @Override
    public double perturb() {
        requirePerturbedPhase("perturb()");
        double norm = perturbation.perturb(this);
        perturbationNormSum += norm;
        perturbations++;
        return norm;
    }

    @Override
    public void restoreWeights() {
        requirePerturbedPhase("restoreWeights()");
        params.assign(weights);
    }

    @Override
    public double computeGradient() {
        requirePerturbedPhase("computeGradient()");
        if (batchReplaced) {
            ModelAccess.setBatch(model, batch);
            batchReplaced = false;
        }
        return pass(batchDivisor);
    }

    @Override
    public double computeGradient(Batch part) {
        requirePerturbedPhase("computeGradient(part)");
        batch();
        ModelAccess.setBatch(model, part);
        batchReplaced = true;
        return pass(model.conf().isMiniBatch() ? part.size() : 1);
    }

    /** One forward/backward pass into the gradient view; non-trainable entries captured (UPDATE_BOTH) and zeroed. */
    private double pass(double examples) {
        long passStart = System.nanoTime();
        ModelAccess.computeGradientAndScore(model);
        passNanos += System.nanoTime() - passStart;
        stepPasses++;
        if (decayInAscent()) {
            addWeightDecay(examples); //                  ∇ of L + ½λ‖w‖² at the current weights
        }
        for (int i = 0; i < secondPassRuns.length; i++) {
            secondPassRuns[i].assign(gradientRuns[i]); // the (last) second pass's running-statistics update
        }
        zeroNonTrainable();
        return model.score();
    }

    @Override
    public void defineAscentFrom(long examples) {
        requirePerturbedPhase("defineAscentFrom()");
        divisor = model.conf().isMiniBatch() ? examples : 1;
        cleanNorm = Blas.norm2(gradient) / divisor;
    }

    @Override
    public INDArray exampleLosses(Batch part) {
        requirePerturbedPhase("exampleLosses()");
        batch();
        batchReplaced = true; // scoring may set the model's input
        stepPasses += 0.5; //                             a forward pass: half a forward/backward pass, roughly
        return ModelAccess.exampleLosses(model, part);
    }

    /** The output layers' losses that want to know about the perturbed passes (none for most models). */
    private List<PerturbedPassAware> perturbedPassAwareLosses() {
        List<PerturbedPassAware> aware = new ArrayList<>();
        for (org.nd4j.linalg.lossfunctions.ILossFunction output : ModelAccess.outputLosses(model)) {
            org.nd4j.linalg.lossfunctions.ILossFunction loss = output;
            if (loss instanceof OutputErrorLoss wrapper) {
                loss = wrapper.getInner();
            }
            if (loss instanceof PerturbedPassAware a) {
                aware.add(a);
            }
        }
        return aware;
    }

    @Override
    public OutputErrors outputErrors() {
        requirePerturbedPhase("outputErrors()");
        if (recorders == null) {
            List<org.deeplearning4j.nn.conf.layers.BaseOutputLayer> outputs = ModelAccess.outputLayers(model);
            recorders = new OutputErrorLoss[outputs.size()];
            for (int i = 0; i < recorders.length; i++) {
                org.deeplearning4j.nn.conf.layers.BaseOutputLayer out = outputs.get(i);
                if (out.getLossFn() instanceof OutputErrorLoss existing) {
                    recorders[i] = existing; // a model saved or cloned with the recorder on
                } else {
                    recorders[i] = new OutputErrorLoss(out.getLossFn());
                    out.setLossFn(recorders[i]);
                }
            }
        }
        return new OutputErrors() {
            @Override
            public INDArray[] last() {
                INDArray[] errors = new INDArray[recorders.length];
                for (int i = 0; i < errors.length; i++) {
                    errors[i] = recorders[i].recorded();
                    if (errors[i] == null) {
                        return null;
                    }
                }
                return errors;
            }

            @Override
            public void handOn(INDArray[] errors) {
                if (errors != null && errors.length != recorders.length) {
                    throw new IllegalArgumentException(
                            errors.length + " output errors for " + recorders.length + " output layers");
                }
                for (int i = 0; i < recorders.length; i++) {
                    recorders[i].replaceNextGradient(errors == null ? null : errors[i]);
                }
            }
        };
    }

    // ---- StepContext ----

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
        if (!tookSecondPass) {
            throw new IllegalStateException(
                    "cleanGradient() is kept on two-pass steps only; on a one-pass step " + "gradient() is g itself");
        }
        if (clean == null) {
            clean = allocate(params.length());
        }
        return clean;
    }

    @Override
    public INDArray scratch(int index) {
        if (index == 0) {
            if (phase == Phase.PERTURBED || (phase == Phase.FIRST_PASS && tookSecondPass)) {
                throw new IllegalStateException("scratch(0) is the weight backup: usable only after the weights "
                        + "are restored (in a gradient transform)");
            }
            return weights();
        }
        if (index < 0) {
            throw new IllegalArgumentException("scratch(" + index + "): the index must be ≥ 0");
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
        return trainableCount;
    }

    @Override
    public List<ParameterSegment> segments() {
        return layout.segments();
    }

    @Override
    public INDArray[] views(ParameterScope scope, INDArray flat) {
        if (flat.length() != params.length()) {
            throw new IllegalArgumentException("views(scope, flat): the array has " + flat.length()
                    + " entries, the parameters " + params.length());
        }
        return views(flat(flat), runs(scope));
    }

    @Override
    public long count(ParameterScope scope) {
        long count = 0;
        for (long[] run : runs(scope)) {
            count += run[1] - run[0];
        }
        return count;
    }

    private List<long[]> runs(ParameterScope scope) {
        return scopeRuns.computeIfAbsent(scope, s -> ParameterLayout.runs(s.select(layout.segments())));
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

    @Override
    public boolean tookSecondPass() {
        return tookSecondPass;
    }

    @Override
    public void report(String name, double value) {
        reported.put(name, value);
    }
}

package org.dl4jsam.updaters;

import java.util.List;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.spi.StepContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/** The {@link StepContext} face of a model's step: reads of its arrays, buffers and progress, nothing else. */
final class StepContextView implements StepContext {
    private final ParameterRuns runs;
    private final StepBuffers buffers;
    private final StepProgress progress;
    private final long trainableCount;
    private final boolean oneBaseUpdater;

    StepContextView(ParameterRuns runs, StepBuffers buffers, StepProgress progress) {
        this.runs = runs;
        this.buffers = buffers;
        this.progress = progress;
        this.trainableCount = runs.layout().trainableCount();
        this.oneBaseUpdater = runs.layout().oneBaseUpdater();
    }

    @Override
    public INDArray params() {
        return runs.params();
    }

    @Override
    public INDArray gradient() {
        return runs.gradient();
    }

    @Override
    public INDArray cleanGradient() {
        if (!progress.tookSecondPass) {
            throw new IllegalStateException(
                    "cleanGradient() is kept on two-pass steps only; on a one-pass step gradient() is g itself");
        }
        return buffers.cleanGradient();
    }

    @Override
    public INDArray borrowWeightBackup() {
        if (progress.phase != StepProgress.Phase.TRANSFORMING && progress.phase != StepProgress.Phase.BETWEEN_STEPS) {
            throw new IllegalStateException("borrowWeightBackup(): the weight backup holds w until the weights are "
                    + "restored; only gradient transforms may borrow it (phase " + progress.phase + "). A rule that "
                    + "needs a buffer earlier declares scratchBuffers()");
        }
        return buffers.weightBackup();
    }

    @Override
    public double gradientScale() {
        return progress.scale;
    }

    @Override
    public double cleanGradientNorm() {
        return progress.cleanNorm;
    }

    @Override
    public long trainableCount() {
        return trainableCount;
    }

    @Override
    public List<ParameterSegment> segments() {
        return runs.layout().segments();
    }

    @Override
    public INDArray[] views(ParameterScope scope, INDArray flat) {
        return runs.views(scope, flat);
    }

    @Override
    public long count(ParameterScope scope) {
        return runs.count(scope);
    }

    @Override
    public int iteration() {
        return progress.iteration;
    }

    @Override
    public int epoch() {
        return progress.epoch;
    }

    @Override
    public double learningRate() {
        return rateOf(runs.layout().firstTrainable());
    }

    @Override
    public double learningRate(ParameterSegment segment) {
        return segment.trainable() ? rateOf(runs.layout().baseUpdaters().get(segment)) : Double.NaN;
    }

    @Override
    public boolean hasOneLearningRate() {
        return oneBaseUpdater;
    }

    private double rateOf(IUpdater base) {
        return base == null || !base.hasLearningRate()
                ? Double.NaN
                : base.getLearningRate(progress.iteration, progress.epoch);
    }

    @Override
    public boolean tookSecondPass() {
        return progress.tookSecondPass;
    }

    @Override
    public void report(String name, double value) {
        progress.reported.put(name, value);
    }
}

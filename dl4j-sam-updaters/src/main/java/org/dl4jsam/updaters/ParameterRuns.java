package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsam.updaters.spi.Blas;
import org.dl4jsam.updaters.spi.ParameterScope;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A model's flat parameter and gradient views, its {@link ParameterLayout}, and views of the runs of
 * entries a step works on (trainable entries, the entries a {@link ParameterScope} selects), each resolved
 * once.
 */
final class ParameterRuns {
    private final INDArray params;
    private final INDArray gradient;
    private final ParameterLayout layout;
    private final INDArray[] trainableParams;
    private final INDArray[] trainableGradient;
    private final boolean allTrainable;
    private final Map<ParameterScope, List<long[]>> scopeRuns = new HashMap<>();

    ParameterRuns(Model model) {
        this.params = flat(model.params());
        this.gradient = flat(model.getGradientsViewArray());
        this.layout = ParameterLayout.of(ModelAccess.updater(model), params.length());
        List<long[]> trainable = ParameterLayout.runs(
                layout.segments().stream().filter(ParameterSegment::trainable).toList());
        this.trainableParams = views(params, trainable);
        this.trainableGradient = views(gradient, trainable);
        this.allTrainable = layout.nonTrainable().isEmpty();
    }

    INDArray params() {
        return params;
    }

    INDArray gradient() {
        return gradient;
    }

    ParameterLayout layout() {
        return layout;
    }

    long length() {
        return params.length();
    }

    /** {@code g += factor·w} on the trainable entries. */
    void addScaledWeights(double factor) {
        if (allTrainable) {
            Blas.axpy(factor, params, gradient);
            return;
        }
        for (int i = 0; i < trainableParams.length; i++) {
            Blas.axpy(factor, trainableParams[i], trainableGradient[i]);
        }
    }

    INDArray[] views(ParameterScope scope, INDArray array) {
        if (array.length() != params.length()) {
            throw new IllegalArgumentException("views(scope, flat): the array has " + array.length()
                    + " entries, the parameters " + params.length());
        }
        return views(flat(array), runs(scope));
    }

    long count(ParameterScope scope) {
        long count = 0;
        for (long[] run : runs(scope)) {
            count += run[1] - run[0];
        }
        return count;
    }

    private List<long[]> runs(ParameterScope scope) {
        return scopeRuns.computeIfAbsent(scope, s -> ParameterLayout.runs(s.select(layout.segments())));
    }

    /** Views of {@code source} over the given runs, in order. */
    static INDArray[] views(INDArray source, List<long[]> runs) {
        INDArray[] views = new INDArray[runs.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = source.get(NDArrayIndex.interval(runs.get(i)[0], runs.get(i)[1]));
        }
        return views;
    }

    /** The runs laid end to end from 0 (the layout of a small buffer that stashes those entries). */
    static List<long[]> packed(List<long[]> runs) {
        List<long[]> packed = new ArrayList<>();
        long offset = 0;
        for (long[] run : runs) {
            packed.add(new long[] {offset, offset + run[1] - run[0]});
            offset += run[1] - run[0];
        }
        return packed;
    }

    static INDArray flat(INDArray array) {
        return array.rank() == 1 ? array : array.reshape(array.length());
    }
}

package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Which entries of a model's flat parameter vector are trainable, read from DL4J's updater blocks:
 * an entry is non-trainable when its updater is {@link NoOp} (BatchNorm running statistics,
 * {@code FrozenLayer}), its layer is frozen ({@code FrozenLayerWithBackprop}) or its "gradient" is
 * not divided by the minibatch (a pseudo-gradient). Also collects the
 * {@link SamConfig}s that {@link SharpnessAwareUpdater}s carry.
 *
 * @param length length of the flat vectors
 * @param trainableCount number of trainable entries
 * @param nonTrainable maximal runs {@code [start, end)} of non-trainable entries, in order
 * @param configs distinct SAM configurations found on the model's parameters
 * @param firstTrainable the base updater of the first trainable parameter (its learning rate is the
 *     step's), or null when nothing is trainable
 */
record ParameterLayout(
        long length, long trainableCount, List<long[]> nonTrainable, Set<SamConfig> configs, IUpdater firstTrainable) {

    static ParameterLayout of(BaseMultiLayerUpdater<?> updater, long length) {
        List<long[]> runs = new ArrayList<>();
        Set<SamConfig> configs = new LinkedHashSet<>();
        long trainable = 0;
        IUpdater firstTrainable = null;
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState state : block.getLayersAndVariablesInBlock()) {
                Trainable layer = state.getLayer();
                IUpdater paramUpdater = layer.getConfig().getUpdaterByParam(state.getParamName());
                IUpdater effective = paramUpdater;
                if (paramUpdater instanceof SharpnessAwareUpdater sam) {
                    configs.add(sam.getSam());
                    effective = sam.getBase();
                }
                long start = state.getParamOffsetStart();
                long end = state.getParamOffsetEnd();
                boolean isTrainable = effective != null
                        && !(effective instanceof NoOp)
                        && !isFrozen(layer)
                        && layer.updaterDivideByMinibatch(state.getParamName());
                if (isTrainable) {
                    trainable += end - start;
                    firstTrainable = firstTrainable == null ? effective : firstTrainable;
                } else if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == start) {
                    runs.get(runs.size() - 1)[1] = end;
                } else if (end > start) {
                    runs.add(new long[] {start, end});
                }
            }
        }
        return new ParameterLayout(length, trainable, List.copyOf(runs), Set.copyOf(configs), firstTrainable);
    }

    /**
     * {@code FrozenLayerWithBackprop} keeps its inner layer's updater (only {@code FrozenLayer} reports
     * NoOp), so frozen parameters are recognised by their wrapper.
     */
    private static boolean isFrozen(Trainable layer) {
        return layer instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop
                || layer instanceof org.deeplearning4j.nn.layers.FrozenLayer
                || layer.getConfig() instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop
                || layer.getConfig() instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
    }
}

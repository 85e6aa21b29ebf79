package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.dl4jsam.updaters.spi.ParameterKind;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The parameters of a model's flat vector, read from DL4J's updater blocks: one segment per parameter
 * array (layer, key, kind, range, trainable). An entry is non-trainable when its updater is
 * {@link NoOp} (BatchNorm running statistics, {@code FrozenLayer}), its layer is frozen
 * ({@code FrozenLayerWithBackprop}) or its "gradient" is not divided by the minibatch (a
 * pseudo-gradient). Also collects the {@link SamConfig}s that {@link SharpnessAwareUpdater}s carry.
 *
 * @param length length of the flat vectors
 * @param segments the parameter arrays in flat order
 * @param configs distinct SAM configurations found on the model's parameters
 * @param firstTrainable the base updater of the first trainable parameter (its learning rate is the
 *     step's), or null when nothing is trainable
 * @param baseUpdaters the base updater of each segment (its learning rate is that parameter's), null where none
 */
record ParameterLayout(
        long length,
        List<ParameterSegment> segments,
        Set<SamConfig> configs,
        IUpdater firstTrainable,
        Map<ParameterSegment, IUpdater> baseUpdaters) {

    static ParameterLayout of(BaseMultiLayerUpdater<?> updater, long length) {
        List<ParameterSegment> segments = new ArrayList<>();
        Set<SamConfig> configs = new LinkedHashSet<>();
        IUpdater firstTrainable = null;
        Map<ParameterSegment, IUpdater> baseUpdaters = new HashMap<>();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState state : block.getLayersAndVariablesInBlock()) {
                Trainable layer = state.getLayer();
                String key = state.getParamName();
                IUpdater effective = layer.getConfig().getUpdaterByParam(key);
                if (effective instanceof SharpnessAwareUpdater sam) {
                    configs.add(sam.getSam());
                    effective = sam.getBase();
                }
                boolean trainable = effective != null
                        && !(effective instanceof NoOp)
                        && !isFrozen(layer)
                        && layer.updaterDivideByMinibatch(key);
                if (trainable && firstTrainable == null) {
                    firstTrainable = effective;
                }
                ParameterSegment segment = new ParameterSegment(
                        layer.getConfig().getLayerName(),
                        key,
                        kind(layer.getConfig(), key),
                        state.getParamOffsetStart(),
                        state.getParamOffsetEnd(),
                        trainable);
                segments.add(segment);
                if (effective != null) {
                    baseUpdaters.put(segment, effective);
                }
            }
        }
        return new ParameterLayout(
                length, List.copyOf(segments), Set.copyOf(configs), firstTrainable, Map.copyOf(baseUpdaters));
    }

    /** @return whether all trainable parameters have equal base updaters (so one learning rate at every step) */
    boolean oneBaseUpdater() {
        return segments.stream()
                        .filter(ParameterSegment::trainable)
                        .map(baseUpdaters::get)
                        .distinct()
                        .count()
                <= 1;
    }

    /** @return the first trainable segment whose base updater has no learning rate, if any */
    java.util.Optional<ParameterSegment> withoutLearningRate() {
        return segments.stream()
                .filter(s -> s.trainable() && s.length() > 0)
                .filter(s -> baseUpdaters.get(s) == null || !baseUpdaters.get(s).hasLearningRate())
                .findFirst();
    }

    long trainableCount() {
        return segments.stream()
                .filter(ParameterSegment::trainable)
                .mapToLong(ParameterSegment::length)
                .sum();
    }

    /** Maximal runs {@code [start, end)} of non-trainable entries, in order. */
    List<long[]> nonTrainable() {
        return runs(segments.stream().filter(s -> !s.trainable()).toList());
    }

    /** Maximal runs {@code [start, end)} covered by the given segments (in flat order), adjacent ones merged. */
    static List<long[]> runs(List<ParameterSegment> selected) {
        List<long[]> runs = new ArrayList<>();
        for (ParameterSegment segment : selected) {
            if (segment.length() == 0) {
                continue;
            }
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == segment.start()) {
                runs.get(runs.size() - 1)[1] = segment.end();
            } else {
                runs.add(new long[] {segment.start(), segment.end()});
            }
        }
        return runs;
    }

    private static ParameterKind kind(TrainingConfig config, String key) {
        TrainingConfig inner = config;
        if (inner instanceof FrozenLayerWithBackprop frozen) {
            inner = frozen.getUnderlying();
        } else if (inner instanceof FrozenLayer frozen) {
            inner = frozen.getLayer();
        }
        if (inner instanceof BatchNormalization) {
            return switch (key) {
                case "gamma" -> ParameterKind.BATCHNORM_GAMMA;
                case "beta" -> ParameterKind.BATCHNORM_BETA;
                default -> ParameterKind.STATISTIC;
            };
        }
        if (inner instanceof Layer layer && layer.initializer() != null) {
            if (layer.initializer().isWeightParam(layer, key)) {
                return ParameterKind.WEIGHT;
            }
            if (layer.initializer().isBiasParam(layer, key)) {
                return ParameterKind.BIAS;
            }
        }
        return ParameterKind.OTHER;
    }

    /**
     * {@code FrozenLayerWithBackprop} keeps its inner layer's updater (only {@code FrozenLayer} reports
     * NoOp), so frozen parameters are recognised by their wrapper.
     */
    private static boolean isFrozen(Trainable layer) {
        return layer instanceof org.deeplearning4j.nn.layers.FrozenLayerWithBackprop
                || layer instanceof org.deeplearning4j.nn.layers.FrozenLayer
                || layer.getConfig() instanceof FrozenLayerWithBackprop
                || layer.getConfig() instanceof FrozenLayer;
    }
}

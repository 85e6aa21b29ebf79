package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.dl4jsam.updaters.spi.GradientTransformConfig;
import org.dl4jsam.updaters.spi.StepRule;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The scalar state of the rules that keep no arrays (AE-SAM's moving statistics and counters), mirrored into a few entries appended to each {@link SharpnessAwareUpdater} block of the model's
 * updater state. That state is what DL4J saves with a model and what Spark's parameter averaging sends to
 * the workers and averages back, so these schedules continue on a worker's fresh network instead of
 * restarting every averaging round. In a network of floats they are rounded to float there. Layout: a marker (1 once written; averaging makes it the fraction of written states) followed by each travelling rule's
 * scalars in the rules' order. Rules with array state (F-SAM, VaSSO, LookSAM, MSAM, SANER's reused mask) are not
 * mirrored: their scalars belong with their arrays.
 */
final class UpdaterStateSlot {
    private record Entry(String rule, String key) {}

    private final INDArray view;
    private final List<Entry> layout;

    private UpdaterStateSlot(INDArray view, List<Entry> layout) {
        this.view = view;
        this.layout = layout;
    }

    /** The rules of a configuration, keyed by their place in it, in the engine's order. */
    static Map<String, StepRule> rules(SamConfig config) {
        Map<String, StepRule> rules = new LinkedHashMap<>();
        rules.put("stepAlgorithm", config.stepAlgorithm().newAlgorithm());
        rules.put("perturbation", config.perturbation().newRule());
        rules.put("secondPass", config.secondPass().newRule());
        List<GradientTransformConfig> chain = config.gradientTransforms();
        for (int i = 0; i < chain.size(); i++) {
            rules.put("gradientTransforms[" + i + "]", chain.get(i).newRule());
        }
        return rules;
    }

    private static List<Entry> layout(Map<String, StepRule> rules) {
        List<Entry> layout = new ArrayList<>();
        rules.forEach((name, rule) -> {
            if (rule.stateSize(1) == 0) {
                rule.scalarState().keySet().forEach(key -> layout.add(new Entry(name, key)));
            }
        });
        return layout;
    }

    /**
     * @param config a configuration
     * @return entries the configuration appends to each updater block's state (0 when no scalar state travels)
     */
    static long size(SamConfig config) {
        int scalars = layout(rules(config)).size();
        return scalars == 0 ? 0 : 1 + scalars;
    }

    /**
     * @param updater the model's updater
     * @param rules the engine's rules (same configuration as the updater's)
     * @return the slot of the model's first {@link SharpnessAwareUpdater} block, or null when there is none
     */
    static UpdaterStateSlot find(BaseMultiLayerUpdater<?> updater, Map<String, StepRule> rules) {
        List<Entry> layout = layout(rules);
        if (layout.isEmpty()) {
            return null;
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            block.init();
            if (block.getGradientUpdater() instanceof SharpnessAwareGradientUpdater sam) {
                sam.bind((long) block.getParamOffsetEnd() - block.getParamOffsetStart());
            }
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            if (block.getGradientUpdater() instanceof SharpnessAwareGradientUpdater sam && sam.slot() != null) {
                if (sam.slot().length() != 1 + layout.size()) {
                    throw new IllegalStateException(
                            "The updater state holds " + sam.slot().length()
                                    + " SAM entries per block, the configuration needs " + (1 + layout.size()));
                }
                return new UpdaterStateSlot(sam.slot(), layout);
            }
        }
        return null;
    }

    /**
     * @return whether a step has written the slot: its marker is the fraction of the averaged states that were
     *     written (1 on one machine, 1/n when DL4J averaged n states of which one was written, 0 when fresh)
     */
    boolean isWritten() {
        return view.getDouble(0) > 0;
    }

    /**
     * @return each travelling rule's scalars, as written; after Spark's averaging, the mean over the written
     *     states (each entry divided by the marker)
     */
    Map<String, Map<String, Double>> read() {
        double written = view.getDouble(0);
        Map<String, Map<String, Double>> scalars = new LinkedHashMap<>();
        for (int i = 0; i < layout.size(); i++) {
            Entry entry = layout.get(i);
            scalars.computeIfAbsent(entry.rule(), r -> new LinkedHashMap<>())
                    .put(entry.key(), view.getDouble(i + 1) / written);
        }
        return scalars;
    }

    /**
     * Mirror the rules' current scalars.
     *
     * @param rules the engine's rules
     */
    void write(Map<String, StepRule> rules) {
        for (int i = 0; i < layout.size(); i++) {
            Entry entry = layout.get(i);
            Double value = rules.get(entry.rule()).scalarState().get(entry.key());
            if (value == null) {
                throw new IllegalStateException(entry.rule() + " no longer reports its scalar '" + entry.key() + "'");
            }
            view.putScalar(i + 1, value);
        }
        view.putScalar(0, 1.0);
    }
}

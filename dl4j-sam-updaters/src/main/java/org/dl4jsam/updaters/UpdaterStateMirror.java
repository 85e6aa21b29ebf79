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
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The rules' state (AE-SAM's statistics, F-SAM's and VaSSO's averages, LookSAM's direction, SANER's reused mask,
 * MSAM's offset, and their scalars) mirrored into each {@link SharpnessAwareUpdater} block of the model's updater
 * state (docs/adr/0004, 0005). That state is what DL4J saves with a model and what Spark's parameter averaging
 * sends to the workers and averages back, like Adam's moments, so the rules continue on a worker's fresh network
 * instead of restarting every averaging round.
 *
 * <p>Per block of {@code n} parameters, after the base updater's state: each of the rules' parameter-sized arrays
 * restricted to the block's parameters ({@code A·n} entries), then one slot per parameter variable. The block's
 * last slot is used: a marker (1 once written; averaging makes it the fraction of written states) followed by
 * every rule's scalars in the rules' order. Entries of parameters no {@code SharpnessAwareUpdater} updates
 * (frozen layers, BatchNorm statistics) are not mirrored; the rules keep nothing there.
 */
final class UpdaterStateMirror {
    private record Entry(String rule, String key) {}

    private final INDArray slot;
    private final List<Entry> layout;
    /** Pairs of views: the rules' state restricted to a block's parameters, and its place in that block. */
    private final List<INDArray[]> arrays;

    private UpdaterStateMirror(INDArray slot, List<Entry> layout, List<INDArray[]> arrays) {
        this.slot = slot;
        this.layout = layout;
        this.arrays = arrays;
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
        rules.forEach((name, rule) -> rule.scalarState().keySet().forEach(key -> layout.add(new Entry(name, key))));
        return layout;
    }

    /**
     * @param rules a configuration's rules
     * @return how many parameter-sized arrays their state holds ({@code A})
     * @throws IllegalStateException if a rule's array state is not a whole number of parameter-sized arrays
     */
    static long arraysPerParameter(Map<String, StepRule> rules) {
        long arrays = 0;
        for (Map.Entry<String, StepRule> entry : rules.entrySet()) {
            long perParameter = entry.getValue().stateSize(1);
            if (entry.getValue().stateSize(1_000_003) != perParameter * 1_000_003) {
                throw new IllegalStateException(
                        entry.getKey() + " (" + entry.getValue().getClass().getSimpleName()
                                + ") keeps array state that is not a whole number of parameter-sized arrays, which the updater "
                                + "state cannot carry: StepRule.stateSize(n) must be a multiple of n");
            }
            arrays += perParameter;
        }
        return arrays;
    }

    /**
     * @param config a configuration
     * @return entries the configuration appends to each parameter variable's updater state besides its arrays (0
     *     when its rules keep no state at all)
     */
    static long slotSize(SamConfig config) {
        Map<String, StepRule> rules = rules(config);
        int scalars = layout(rules).size();
        return scalars == 0 && arraysPerParameter(rules) == 0 ? 0 : 1 + scalars;
    }

    /**
     * @param updater the model's updater
     * @param rules the engine's rules (same configuration as the updater's)
     * @param state the rules' array state: {@code A} parameter-sized arrays one after the other (null when none)
     * @param numParams the length of the model's flat parameter vector
     * @return the mirror in the model's {@link SharpnessAwareUpdater} blocks, or null when the rules keep no state or
     *     no block has a slot
     */
    static UpdaterStateMirror find(
            BaseMultiLayerUpdater<?> updater, Map<String, StepRule> rules, INDArray state, long numParams) {
        List<Entry> layout = layout(rules);
        long perParameter = arraysPerParameter(rules);
        if (layout.isEmpty() && perParameter == 0) {
            return null;
        }
        if ((state == null ? 0 : state.length()) != perParameter * numParams) {
            throw new IllegalStateException("The rules' array state holds " + (state == null ? 0 : state.length())
                    + " entries, not " + perParameter + " arrays of " + numParams + " parameters");
        }
        INDArray slot = null;
        List<INDArray[]> arrays = new ArrayList<>();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            block.init();
            if (!(block.getGradientUpdater() instanceof SharpnessAwareGradientUpdater sam)) {
                continue;
            }
            long from = block.getParamOffsetStart();
            long to = block.getParamOffsetEnd();
            sam.bind(to - from);
            if (sam.slot() == null) {
                continue;
            }
            if (sam.slot().length() != 1 + layout.size()) {
                throw new IllegalStateException("The updater state holds "
                        + sam.slot().length() + " SAM entries per parameter variable, the configuration needs "
                        + (1 + layout.size()));
            }
            slot = slot == null ? sam.slot() : slot;
            for (long a = 0; a < perParameter; a++) {
                arrays.add(new INDArray[] {
                    state.get(NDArrayIndex.interval(a * numParams + from, a * numParams + to))
                            .reshape(1, to - from),
                    sam.arrays().get(NDArrayIndex.all(), NDArrayIndex.interval(a * (to - from), (a + 1) * (to - from)))
                });
            }
        }
        return slot == null ? null : new UpdaterStateMirror(slot, layout, arrays);
    }

    /**
     * @return whether a step has written the mirror: its marker is the fraction of the averaged states that were
     *     written (1 on one machine, 1/n when DL4J averaged n states of which one was written, 0 when fresh)
     */
    boolean isWritten() {
        return slot.getDouble(0) > 0;
    }

    /**
     * @return each rule's scalars, as written; after Spark's averaging, the mean over the written states (each entry
     *     divided by the marker)
     */
    Map<String, Map<String, Double>> readScalars() {
        double written = slot.getDouble(0);
        Map<String, Map<String, Double>> scalars = new LinkedHashMap<>();
        for (int i = 0; i < layout.size(); i++) {
            Entry entry = layout.get(i);
            scalars.computeIfAbsent(entry.rule(), r -> new LinkedHashMap<>())
                    .put(entry.key(), slot.getDouble(i + 1) / written);
        }
        return scalars;
    }

    /**
     * Put the mirrored arrays into the rules' state (the mean over the written states, as {@link #readScalars}).
     */
    void readArrays() {
        double written = slot.getDouble(0);
        for (INDArray[] pair : arrays) {
            pair[0].assign(pair[1]);
            if (written != 1) {
                pair[0].divi(written);
            }
        }
    }

    /**
     * Mirror the rules' current state (after every update: one copy of the array state).
     *
     * @param rules the engine's rules
     */
    void write(Map<String, StepRule> rules) {
        Map<String, Map<String, Double>> scalars = new LinkedHashMap<>(); // each rule asked once per step
        for (int i = 0; i < layout.size(); i++) {
            Entry entry = layout.get(i);
            Double value = scalars.computeIfAbsent(
                            entry.rule(), name -> rules.get(name).scalarState())
                    .get(entry.key());
            if (value == null) {
                throw new IllegalStateException(entry.rule() + " no longer reports its scalar '" + entry.key() + "'");
            }
            slot.putScalar(i + 1, value);
        }
        for (INDArray[] pair : arrays) {
            pair[1].assign(pair[0]);
        }
        slot.putScalar(0, 1.0);
    }
}

package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.dl4jsam.updaters.spi.GradientTransformRule;
import org.dl4jsam.updaters.spi.PerturbationRule;
import org.dl4jsam.updaters.spi.SecondPassRule;
import org.dl4jsam.updaters.spi.StepAlgorithm;
import org.dl4jsam.updaters.spi.StepRule;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The rules of one model's configuration, keyed by their place in it ({@code stepAlgorithm},
 * {@code perturbation}, {@code secondPass}, {@code gradientTransforms[i]}), with what they keep: one flat
 * buffer for every rule's array state (a view each), their scalars, their own scratch buffers, the mirror of
 * that state in the updater state ({@link UpdaterStateMirror}), and a checkpoint of the rules that run before the step's non-finite check,
 * so that a rejected step leaves their state as it was.
 */
final class RuleSet {
    /** The rules that run before the check of {@code ĝ}: first in the map, so their array state leads the buffer. */
    private static final List<String> BEFORE_CHECK = List.of("stepAlgorithm", "perturbation", "secondPass");

    private final Map<String, StepRule> rules;
    private final StepAlgorithm algorithm;
    private final PerturbationRule perturbation;
    private final SecondPassRule secondPass;
    private final List<GradientTransformRule> transforms = new ArrayList<>();
    private final INDArray state;
    private final UpdaterStateMirror mirror;
    private final INDArray checkpointArrays;
    private final Map<String, Map<String, Double>> checkpointScalars = new LinkedHashMap<>();
    private boolean checkpointed;

    RuleSet(SamConfig config, long numParams, StepBuffers buffers, BaseMultiLayerUpdater<?> updater) {
        this.rules = UpdaterStateMirror.rules(config);
        this.algorithm = (StepAlgorithm) rules.get("stepAlgorithm");
        this.perturbation = (PerturbationRule) rules.get("perturbation");
        this.secondPass = (SecondPassRule) rules.get("secondPass");
        for (int i = 0; i < config.gradientTransforms().size(); i++) {
            transforms.add((GradientTransformRule) rules.get("gradientTransforms[" + i + "]"));
        }
        long total = 0;
        long beforeCheck = 0;
        for (Map.Entry<String, StepRule> entry : rules.entrySet()) {
            long size = entry.getValue().stateSize(numParams);
            if (size < 0) {
                throw new IllegalStateException(entry.getKey() + " reports a negative state size " + size);
            }
            total += size;
            if (BEFORE_CHECK.contains(entry.getKey())) {
                beforeCheck += size;
            }
        }
        this.state = total == 0 ? null : buffers.allocate(total).assign(0);
        long offset = 0;
        for (StepRule rule : rules.values()) {
            long size = rule.stateSize(numParams);
            if (size > 0) {
                rule.setStateView(state.get(NDArrayIndex.interval(offset, offset + size)));
                offset += size;
            }
            int scratch = rule.scratchBuffers();
            if (scratch < 0) {
                throw new IllegalStateException(rule + " asks for " + scratch + " scratch buffers");
            }
            if (scratch > 0) {
                rule.setScratchBuffers(buffers.forRule(scratch));
            }
        }
        this.checkpointArrays = beforeCheck == 0 ? null : buffers.forCheckpoint(beforeCheck);
        this.mirror = UpdaterStateMirror.find(updater, rules, state, numParams);
    }

    StepAlgorithm algorithm() {
        return algorithm;
    }

    PerturbationRule perturbation() {
        return perturbation;
    }

    SecondPassRule secondPass() {
        return secondPass;
    }

    List<GradientTransformRule> transforms() {
        return transforms;
    }

    /** Remember the scalars of the rules that run before the check (every step: a few numbers). */
    void checkpointScalars() {
        checkpointScalars.clear();
        for (String name : BEFORE_CHECK) {
            Map<String, Double> values = rules.get(name).scalarState();
            if (!values.isEmpty()) {
                checkpointScalars.put(name, values);
            }
        }
        checkpointed = false;
    }

    /** Remember their array state too (two-pass steps only, before the step algorithm runs: one copy). */
    void checkpointArrays() {
        if (checkpointArrays != null) {
            checkpointArrays.assign(state.get(NDArrayIndex.interval(0, checkpointArrays.length())));
            checkpointed = true;
        }
    }

    /** Put the state of the rules that ran before the check back to the checkpoint. */
    void rollback() {
        checkpointScalars.forEach((name, values) -> rules.get(name).restoreScalarState(values));
        if (checkpointed) {
            state.get(NDArrayIndex.interval(0, checkpointArrays.length())).assign(checkpointArrays);
            checkpointed = false;
        }
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
        return new SamRuntimeState(scalars, state == null ? null : state.dup());
    }

    /** Whether any rule keeps state (without copying it). */
    boolean hasState() {
        return state != null
                || rules.values().stream().anyMatch(r -> !r.scalarState().isEmpty());
    }

    long stateEntries() {
        return state == null ? 0 : state.length();
    }

    /** Put back what {@link #state()} returned (for this configuration). */
    void restore(SamRuntimeState saved) {
        for (String name : saved.scalars().keySet()) {
            if (!rules.containsKey(name)) {
                throw new IllegalArgumentException("SAM state holds scalars of \"" + name
                        + "\", which this configuration has no rule for (" + rules.keySet() + ")");
            }
        }
        long expected = stateEntries();
        long found = saved.array() == null ? 0 : saved.array().length();
        if (expected != found) {
            throw new IllegalArgumentException("SAM state holds " + found + " array entries, this configuration on "
                    + "this model needs " + expected + ": the state belongs to another model or configuration");
        }
        rules.forEach((name, rule) -> rule.restoreScalarState(saved.scalars().getOrDefault(name, Map.of())));
        if (state != null) {
            state.assign(saved.array());
        }
    }

    /** Mirror the rules' state into the updater state (after every update). */
    void mirror() {
        if (mirror != null) {
            mirror.write(rules);
        }
    }

    /**
     * A network rebuilt from saved or broadcast updater state (ModelSerializer, Spark workers): take the mirrored
     * state, scalars and arrays.
     *
     * @return whether there was such state
     */
    boolean adoptMirroredState() {
        if (mirror == null || !mirror.isWritten()) {
            return false;
        }
        mirror.readScalars().forEach((name, values) -> rules.get(name).restoreScalarState(values));
        mirror.readArrays();
        return true;
    }
}

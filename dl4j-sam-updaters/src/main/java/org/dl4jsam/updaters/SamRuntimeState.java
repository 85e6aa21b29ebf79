package org.dl4jsam.updaters;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A snapshot of the persistent state of one model's rules: each rule's named scalars, keyed by the
 * rule's place in the configuration ({@code secondPass}, {@code gradientTransforms[0]}, …), and a copy of
 * the flat array state (null when no rule keeps arrays).
 *
 * @param scalars the scalars of each rule that has any
 * @param array the array state, or null
 */
record SamRuntimeState(Map<String, Map<String, Double>> scalars, INDArray array) {

    SamRuntimeState {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        scalars.forEach(
                (rule, values) -> copy.put(rule, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        scalars = java.util.Collections.unmodifiableMap(copy);
    }

    boolean isEmpty() {
        return scalars.isEmpty() && array == null;
    }
}

package org.dl4jsam.updaters.spi;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Which trainable parameters a rule acts on: all of them (SAM), weight tensors only (ASAM's official
 * form), named layers, or the last trainable layer (J-SAM's and last-layer SANER's part of the
 * network). An immutable JSON value; {@link #select} resolves it against a model's segments.
 *
 * @param selection the kind of selection
 * @param layers the layer names, for {@link Selection#NAMED_LAYERS} only
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ParameterScope(Selection selection, List<String> layers) implements StrictJson, Serializable {

    /** The kinds of selection. */
    public enum Selection {
        /** Every trainable parameter. */
        ALL_TRAINABLE,
        /** Trainable parameters of kind {@link ParameterKind#WEIGHT}. */
        WEIGHTS_ONLY,
        /** Trainable parameters of the named layers. */
        NAMED_LAYERS,
        /** Trainable parameters of the layer that holds the last trainable entry of the flat vector. */
        LAST_LAYER
    }

    /**
     * @param selection the kind of selection
     * @param layers the layer names, for {@link Selection#NAMED_LAYERS} only (null or empty otherwise)
     */
    @JsonCreator
    public ParameterScope(
            @JsonProperty(value = "selection", required = true) Selection selection,
            @JsonProperty("layers") List<String> layers) {
        this.selection = Checks.notNull("ParameterScope", "selection", selection);
        this.layers = layers == null ? List.of() : List.copyOf(layers);
        if (selection == Selection.NAMED_LAYERS && this.layers.isEmpty()) {
            throw new IllegalArgumentException("ParameterScope: NAMED_LAYERS needs at least one layer name");
        }
        if (selection != Selection.NAMED_LAYERS && !this.layers.isEmpty()) {
            throw new IllegalArgumentException("ParameterScope: layer names " + this.layers
                    + " are only valid with NAMED_LAYERS, not " + selection);
        }
    }

    /** @return every trainable parameter (the default everywhere) */
    public static ParameterScope allTrainable() {
        return new ParameterScope(Selection.ALL_TRAINABLE, null);
    }

    /** @return trainable weight tensors only (no biases, no BatchNorm γ/β) */
    public static ParameterScope weightsOnly() {
        return new ParameterScope(Selection.WEIGHTS_ONLY, null);
    }

    /**
     * @param names layer names
     * @return the trainable parameters of the named layers
     */
    public static ParameterScope layers(String... names) {
        return new ParameterScope(Selection.NAMED_LAYERS, List.of(names));
    }

    /** @return the trainable parameters of the last trainable layer (the output layer of a one-output network) */
    public static ParameterScope lastLayer() {
        return new ParameterScope(Selection.LAST_LAYER, null);
    }

    /** @return whether this scope is every trainable parameter */
    public boolean selectsAll() {
        return selection == Selection.ALL_TRAINABLE;
    }

    /**
     * @param segments a model's segments, in flat order
     * @return the trainable segments this scope selects, in flat order
     * @throws IllegalArgumentException when a named layer has no trainable parameters or the selection is empty
     */
    public List<ParameterSegment> select(List<ParameterSegment> segments) {
        List<ParameterSegment> trainable =
                segments.stream().filter(ParameterSegment::trainable).toList();
        List<ParameterSegment> selected = new ArrayList<>();
        switch (selection) {
            case ALL_TRAINABLE -> selected.addAll(trainable);
            case WEIGHTS_ONLY -> trainable.stream()
                    .filter(s -> s.kind() == ParameterKind.WEIGHT)
                    .forEach(selected::add);
            case NAMED_LAYERS -> {
                Set<String> known = new LinkedHashSet<>();
                trainable.forEach(s -> known.add(s.layer()));
                for (String layer : layers) {
                    if (!known.contains(layer)) {
                        throw new IllegalArgumentException("ParameterScope: layer \"" + layer
                                + "\" has no trainable parameters; trainable layers are " + known);
                    }
                }
                trainable.stream().filter(s -> layers.contains(s.layer())).forEach(selected::add);
            }
            case LAST_LAYER -> {
                if (!trainable.isEmpty()) {
                    String last = trainable.get(trainable.size() - 1).layer();
                    trainable.stream().filter(s -> s.layer().equals(last)).forEach(selected::add);
                }
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("ParameterScope " + this + " selects no trainable parameter of this "
                    + "model (trainable segments: " + trainable + ")");
        }
        return selected;
    }
}

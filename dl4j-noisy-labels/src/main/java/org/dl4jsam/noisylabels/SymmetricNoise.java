package org.dl4jsam.noisylabels;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Symmetric label noise. {@link Convention#EXCLUSIVE}: a selected example gets a label drawn
 * uniformly from the C−1 <em>other</em> classes (Andriushchenko &amp; Flammarion 2022, SANER);
 * {@link Convention#INCLUSIVE}: uniformly from all C classes, so the label may stay (DivideMix;
 * realised rate γ(C−1)/C). {@link Selection} chooses exact-fraction or per-example selection.
 *
 * @param rate γ in [0, 1]
 * @param convention exclusive or inclusive
 * @param selection exact fraction or Bernoulli
 */
public record SymmetricNoise(double rate, Convention convention, Selection selection) implements NoiseSpec {

    /** Whether the replacement label may equal the clean one. */
    public enum Convention {
        /** The replacement label is drawn among the other C − 1 classes. */
        EXCLUSIVE,
        /** The replacement label is drawn among all C classes (it may equal the clean one). */
        INCLUSIVE
    }

    /**
     * @param rate γ in [0, 1]
     * @param convention exclusive or inclusive
     * @param selection exact fraction or Bernoulli
     */
    @JsonCreator
    public SymmetricNoise(
            @JsonProperty(value = "rate", required = true) double rate,
            @JsonProperty("convention") Convention convention,
            @JsonProperty("selection") Selection selection) {
        this.rate = NoiseSpec.checkRate("symmetric noise", rate);
        if (convention == null || selection == null) {
            throw new IllegalArgumentException("symmetric noise: convention and selection must be given");
        }
        this.convention = convention;
        this.selection = selection;
    }

    /**
     * The SANER / Andriushchenko protocol: exclusive, exactly ⌊γN⌋ examples.
     *
     * @param rate γ
     * @return the spec
     */
    public static SymmetricNoise paperProtocol(double rate) {
        return new SymmetricNoise(rate, Convention.EXCLUSIVE, Selection.EXACT_FRACTION);
    }

    /**
     * Co-teaching's transition matrix: exclusive, each example with probability γ.
     *
     * @param rate γ
     * @return the spec
     */
    public static SymmetricNoise coTeaching(double rate) {
        return new SymmetricNoise(rate, Convention.EXCLUSIVE, Selection.BERNOULLI);
    }

    /**
     * DivideMix's convention: inclusive, exactly ⌊γN⌋ examples re-drawn over all classes.
     *
     * @param rate γ
     * @return the spec
     */
    public static SymmetricNoise divideMix(double rate) {
        return new SymmetricNoise(rate, Convention.INCLUSIVE, Selection.EXACT_FRACTION);
    }

    @Override
    public NoisyLabels apply(NoiseInput input, long seed) {
        int[] clean = input.clean();
        int classes = input.numClasses();
        boolean[] selected = selection.select(rate, seed, clean.length);
        int[] noisy = clean.clone();
        for (int i = 0; i < clean.length; i++) {
            if (selected[i]) {
                noisy[i] = convention == Convention.EXCLUSIVE
                        ? (clean[i] + 1 + CounterRandom.below(classes - 1, seed, NoiseStreams.LABEL, i, 0)) % classes
                        : CounterRandom.below(classes, seed, NoiseStreams.LABEL, i, 0);
            }
        }
        return new NoisyLabels(noisy, clean, classes);
    }
}

package org.dl4jsam.noisylabels;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Pair-flip noise (Han et al. 2018, Co-teaching): a selected example's label {@code y} becomes
 * {@code (y+1) mod C}.
 *
 * @param rate γ in [0, 1]
 * @param selection exact fraction or Bernoulli
 */
public record PairFlipNoise(double rate, Selection selection) implements NoiseSpec {

    /**
     * @param rate γ in [0, 1]
     * @param selection exact fraction or Bernoulli
     */
    @JsonCreator
    public PairFlipNoise(
            @JsonProperty(value = "rate", required = true) double rate,
            @JsonProperty("selection") Selection selection) {
        this.rate = NoiseSpec.checkRate("pair-flip noise", rate);
        if (selection == null) {
            throw new IllegalArgumentException("pair-flip noise: selection must be given");
        }
        this.selection = selection;
    }

    @Override
    public NoisyLabels apply(NoiseInput input, long seed) {
        int[] clean = input.clean();
        boolean[] selected = selection.select(rate, seed, clean.length);
        int[] noisy = clean.clone();
        for (int i = 0; i < clean.length; i++) {
            if (selected[i]) {
                noisy[i] = (clean[i] + 1) % input.numClasses();
            }
        }
        return new NoisyLabels(noisy, clean, input.numClasses());
    }
}

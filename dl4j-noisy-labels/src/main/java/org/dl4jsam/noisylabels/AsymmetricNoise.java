package org.dl4jsam.noisylabels;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Asymmetric (class-dependent) label noise: a γ-fraction of <em>all</em> examples is selected and
 * each selected example's label is replaced by the map of its <em>clean</em> label (never chained);
 * selected examples of classes the map leaves alone stay clean, so for CIFAR-10 the realised rate
 * is about γ/2.
 *
 * @param rate γ in [0, 1]
 * @param mapping the class map
 * @param selection exact fraction or Bernoulli
 */
public record AsymmetricNoise(double rate, AsymmetricMapping mapping, Selection selection) implements NoiseSpec {

    /**
     * @param rate γ in [0, 1]
     * @param mapping the class map
     * @param selection exact fraction or Bernoulli
     */
    @JsonCreator
    public AsymmetricNoise(
            @JsonProperty(value = "rate", required = true) double rate,
            @JsonProperty("mapping") AsymmetricMapping mapping,
            @JsonProperty("selection") Selection selection) {
        this.rate = NoiseSpec.checkRate("asymmetric noise", rate);
        if (mapping == null || selection == null) {
            throw new IllegalArgumentException("asymmetric noise: mapping and selection must be given");
        }
        this.mapping = mapping;
        this.selection = selection;
    }

    @Override
    public NoisyLabels apply(NoiseInput input, long seed) {
        int[] map = mapping.classMap(input);
        int[] clean = input.clean();
        boolean[] selected = selection.select(rate, seed, clean.length);
        int[] noisy = clean.clone();
        for (int i = 0; i < clean.length; i++) {
            if (selected[i]) {
                noisy[i] = map[clean[i]];
            }
        }
        return new NoisyLabels(noisy, clean, input.numClasses());
    }
}

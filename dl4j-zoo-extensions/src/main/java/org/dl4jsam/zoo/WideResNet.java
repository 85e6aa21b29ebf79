package org.dl4jsam.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** The {@link WideResNetSpec} architecture as a DL4J zoo model (official pre-activation form). */
@SuppressWarnings("unchecked") // DL4J declares InstantiableModel.init() generically; ZooArchitecture returns a graph
public final class WideResNet extends ZooArchitecture {
    private final WideResNetSpec spec;

    /**
     * @param spec the architecture
     * @param recipe classes, input shape, updater, weight decay, seed and data type
     */
    public WideResNet(WideResNetSpec spec, ZooRecipe recipe) {
        super(recipe);
        this.spec = spec;
    }

    /** @return the architecture */
    public WideResNetSpec spec() {
        return spec;
    }

    @Override
    public String modelName() {
        return "wrn-" + spec.depth() + "-" + spec.widenFactor();
    }

    @Override
    public ComputationGraphConfiguration graphConfiguration() {
        GraphBlocks g = GraphBlocks.start(recipe());
        int[] widths = {16 * spec.widenFactor(), 32 * spec.widenFactor(), 64 * spec.widenFactor()};
        String x = g.conv("stem", "input", 3, 1, 16);
        int channels = 16;
        for (int group = 0; group < 3; group++) {
            for (int block = 0; block < spec.blocksPerGroup(); block++) {
                String p = "g" + (group + 1) + "b" + (block + 1);
                int stride = block == 0 && group > 0 ? 2 : 1;
                boolean equal = channels == widths[group] && stride == 1;
                String activated = g.relu(p + "-relu1", g.batchNorm(p + "-bn1", x));
                String out = g.conv(p + "-conv1", activated, 3, stride, widths[group]);
                out = g.relu(p + "-relu2", g.batchNorm(p + "-bn2", out));
                out = g.conv(p + "-conv2", out, 3, 1, widths[group], 1.0 - spec.dropRate());
                String shortcut = equal ? x : g.conv(p + "-shortcut", activated, 1, stride, widths[group]);
                x = g.add(p + "-add", shortcut, out);
                channels = widths[group];
            }
        }
        x = g.relu("final-relu", g.batchNorm("final-bn", x));
        return g.head(x, recipe().numClasses());
    }
}

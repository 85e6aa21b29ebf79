package org.dl4jsam.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** The {@link DenseNetSpec} architecture as a DL4J zoo model. */
@SuppressWarnings("unchecked") // DL4J declares InstantiableModel.init() generically; ZooArchitecture returns a graph
public final class DenseNet extends ZooArchitecture {
    private final DenseNetSpec spec;

    /**
     * @param spec the architecture
     * @param recipe classes, input shape, updater, weight decay, seed and data type
     */
    public DenseNet(DenseNetSpec spec, ZooRecipe recipe) {
        super(recipe);
        this.spec = spec;
    }

    @Override
    public String modelName() {
        return "densenet-" + spec.growthRate() + "-" + java.util.Arrays.toString(spec.blocks());
    }

    @Override
    public ComputationGraphConfiguration graphConfiguration() {
        GraphBlocks g = GraphBlocks.start(recipe());
        int k = spec.growthRate();
        int channels = 2 * k;
        String x = g.conv("stem", "input", 3, 1, channels);
        int[] blocks = spec.blocks();
        for (int b = 0; b < blocks.length; b++) {
            for (int layer = 0; layer < blocks[b]; layer++) {
                String p = "d" + (b + 1) + "l" + (layer + 1);
                String y = g.conv(p + "-conv1", g.relu(p + "-relu1", g.batchNorm(p + "-bn1", x)), 1, 1, 4 * k);
                y = g.conv(p + "-conv2", g.relu(p + "-relu2", g.batchNorm(p + "-bn2", y)), 3, 1, k);
                x = g.concat(p + "-concat", y, x);
                channels += k;
            }
            if (b < blocks.length - 1) {
                String p = "t" + (b + 1);
                channels = (int) Math.floor(channels * spec.reduction());
                x = g.conv(p + "-conv", g.relu(p + "-relu", g.batchNorm(p + "-bn", x)), 1, 1, channels);
                x = g.averagePool(p + "-pool", x, false);
            }
        }
        x = g.relu("final-relu", g.batchNorm("final-bn", x));
        return g.head(x, recipe().numClasses());
    }
}

package org.dl4jsam.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** The {@link PyramidNetSpec} architecture as a DL4J zoo model. */
@SuppressWarnings("unchecked") // DL4J declares InstantiableModel.init() generically; ZooArchitecture returns a graph
public final class PyramidNet extends ZooArchitecture {
    private final PyramidNetSpec spec;

    /**
     * @param spec the architecture
     * @param recipe classes, input shape, updater, weight decay, seed and data type
     */
    public PyramidNet(PyramidNetSpec spec, ZooRecipe recipe) {
        super(recipe);
        this.spec = spec;
    }

    /** @return the architecture */
    public PyramidNetSpec spec() {
        return spec;
    }

    @Override
    public String modelName() {
        return "pyramidnet-" + spec.depth() + "-" + (int) spec.alpha() + (spec.bottleneck() ? "-bottleneck" : "");
    }

    @Override
    public ComputationGraphConfiguration graphConfiguration() {
        GraphBlocks g = GraphBlocks.start(recipe());
        int n = spec.blocksPerStage();
        double addrate = spec.alpha() / (3.0 * n);
        int ratio = spec.bottleneck() ? 4 : 1;
        String x = g.batchNorm("stem-bn", g.conv("stem", "input", 3, 1, 16));
        int inputChannels = 16;
        double featuremap = 16; // accumulated exactly as the reference code does
        for (int stage = 0; stage < 3; stage++) {
            for (int block = 0; block < n; block++) {
                String p = "s" + (stage + 1) + "b" + (block + 1);
                int stride = block == 0 && stage > 0 ? 2 : 1;
                featuremap += addrate;
                int planes = (int) Math.rint(featuremap);
                int outChannels = planes * ratio;
                String out = g.batchNorm(p + "-bn1", x);
                if (spec.bottleneck()) {
                    out = g.relu(p + "-relu1", g.batchNorm(p + "-bn2", g.conv(p + "-conv1", out, 1, 1, planes)));
                    out = g.relu(p + "-relu2", g.batchNorm(p + "-bn3", g.conv(p + "-conv2", out, 3, stride, planes)));
                    out = g.batchNorm(p + "-bn4", g.conv(p + "-conv3", out, 1, 1, outChannels));
                } else {
                    out = g.relu(p + "-relu1", g.batchNorm(p + "-bn2", g.conv(p + "-conv1", out, 3, stride, planes)));
                    out = g.batchNorm(p + "-bn3", g.conv(p + "-conv2", out, 3, 1, planes));
                }
                String shortcut = stride == 2 ? g.averagePool(p + "-pool", x, true) : x;
                if (outChannels != inputChannels) {
                    shortcut = g.zeroPad(p + "-pad", shortcut, 0, outChannels - inputChannels);
                }
                x = g.add(p + "-add", out, shortcut);
                inputChannels = outChannels;
            }
        }
        x = g.relu("final-relu", g.batchNorm("final-bn", x));
        return g.head(x, recipe().numClasses());
    }
}

package org.dl4jsam.zoo;

import java.util.Locale;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** A {@link CifarResNetSpec} architecture as a DL4J zoo model. */
@SuppressWarnings("unchecked") // DL4J declares InstantiableModel.init() generically; ZooArchitecture returns a graph
public final class CifarResNet extends ZooArchitecture {
    private final CifarResNetSpec spec;

    /**
     * @param spec the architecture
     * @param recipe classes, input shape, updater, weight decay, seed and data type
     */
    public CifarResNet(CifarResNetSpec spec, ZooRecipe recipe) {
        super(recipe);
        this.spec = spec;
    }

    /** @return the architecture */
    public CifarResNetSpec spec() {
        return spec;
    }

    @Override
    public String modelName() {
        return spec.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public ComputationGraphConfiguration graphConfiguration() {
        GraphBlocks g = GraphBlocks.start(recipe());
        int[] widths = spec.widths();
        int[] blocks = spec.blocks();
        String x = g.conv("stem", "input", 3, 1, widths[0]);
        if (!spec.preActivation()) {
            x = g.relu("stem-relu", g.batchNorm("stem-bn", x));
        }
        int channels = widths[0];
        for (int stage = 0; stage < widths.length; stage++) {
            for (int block = 0; block < blocks[stage]; block++) {
                String p = "s" + (stage + 1) + "b" + (block + 1);
                int stride = block == 0 && stage > 0 ? 2 : 1;
                boolean project = stride != 1 || channels != widths[stage];
                x = spec.preActivation()
                        ? preActivationBlock(g, p, x, stride, widths[stage], project)
                        : basicBlock(g, p, x, stride, channels, widths[stage], project);
                channels = widths[stage];
            }
        }
        if (spec.preActivation()) { // He et al. 2016's extra activation after the last unit (kuangliu's omits it)
            x = g.relu("final-relu", g.batchNorm("final-bn", x));
        }
        return g.head(x, recipe().numClasses());
    }

    /** conv-BN-ReLU-conv-BN + shortcut, ReLU after the addition. */
    private String basicBlock(GraphBlocks g, String p, String x, int stride, int in, int out, boolean project) {
        String y = g.relu(p + "-relu1", g.batchNorm(p + "-bn1", g.conv(p + "-conv1", x, 3, stride, out)));
        y = g.batchNorm(p + "-bn2", g.conv(p + "-conv2", y, 3, 1, out));
        String shortcut = x;
        if (project && spec.zeroPadShortcut()) {
            String sub = stride == 2 ? g.subsample(p + "-subsample", x) : x;
            int extra = out - in;
            shortcut = g.zeroPad(p + "-pad", sub, extra / 2, extra - extra / 2);
        } else if (project) {
            shortcut = g.batchNorm(p + "-shortcut-bn", g.conv(p + "-shortcut", x, 1, stride, out));
        }
        return g.relu(p + "-relu2", g.add(p + "-add", y, shortcut));
    }

    /** BN-ReLU-conv-BN-ReLU-conv + shortcut (from the activated input when projecting). */
    private static String preActivationBlock(GraphBlocks g, String p, String x, int stride, int out, boolean project) {
        String activated = g.relu(p + "-relu1", g.batchNorm(p + "-bn1", x));
        String y = g.conv(p + "-conv1", activated, 3, stride, out);
        y = g.conv(p + "-conv2", g.relu(p + "-relu2", g.batchNorm(p + "-bn2", y)), 3, 1, out);
        String shortcut = project ? g.conv(p + "-shortcut", activated, 1, stride, out) : x;
        return g.add(p + "-add", y, shortcut);
    }
}

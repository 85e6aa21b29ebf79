package org.dl4jsam.experiments.compare;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.dl4jsam.updaters.loss.LossGce;
import org.dl4jsam.updaters.loss.LossHardBootstrap;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The training loss of a {@code compare} optimizer, named after a {@code +} ({@code sam+gce}): cross entropy (the
 * default), GCE (q = 0.7) or hard bootstrapping (β = 0.8; {@code bootstrap-frozen}: z from the clean pass under
 * SAM). Each costs one forward/backward pass like cross entropy.
 */
public enum LossChoice {
    /** Cross entropy, as the models are built. */
    CE("ce"),
    /** Generalized cross entropy, q = 0.7. */
    GCE("gce"),
    /** Hard bootstrapping, β = 0.8, z recomputed at each pass (at w + ε under SAM). */
    BOOTSTRAP("bootstrap"),
    /** Hard bootstrapping, β = 0.8, z frozen from the step's clean pass under SAM. */
    BOOTSTRAP_FROZEN("bootstrap-frozen");

    private final String cliName;

    LossChoice(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name after {@code +} */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name a loss name
     * @return the loss
     * @throws IllegalArgumentException listing the names
     */
    public static LossChoice parse(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(l -> l.cliName.equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown loss '" + name + "' after '+'; use "
                        + Arrays.stream(values()).map(LossChoice::cliName).collect(Collectors.joining(", "))));
    }

    private ILossFunction lossFunction() {
        return switch (this) {
            case CE -> null;
            case GCE -> new LossGce();
            case BOOTSTRAP -> new LossHardBootstrap();
            case BOOTSTRAP_FROZEN -> new LossHardBootstrap(LossHardBootstrap.DEFAULT_BETA, true);
        };
    }

    /**
     * Put this loss on every output layer of the configuration (cross entropy leaves it as built).
     *
     * @param configuration a graph configuration
     * @return the same configuration
     */
    public ComputationGraphConfiguration apply(ComputationGraphConfiguration configuration) {
        ILossFunction loss = lossFunction();
        if (loss == null) {
            return configuration;
        }
        int outputs = 0;
        for (GraphVertex vertex : configuration.getVertices().values()) {
            if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof BaseOutputLayer out) {
                out.setLossFn(loss);
                outputs++;
            }
        }
        if (outputs == 0) {
            throw new IllegalArgumentException("the model has no output layer to put the " + cliName + " loss on");
        }
        return configuration;
    }
}

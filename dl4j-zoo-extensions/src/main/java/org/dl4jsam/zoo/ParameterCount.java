package org.dl4jsam.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Parameter counts read from a configuration, without allocating the network: DL4J's
 * {@code numParams()} (BatchNorm running mean and variance included) and the trainable (PyTorch)
 * count, which excludes them.
 *
 * @param dl4j what {@code ComputationGraph.numParams()} reports
 * @param trainable {@code dl4j − 2 × (BatchNorm channels)}
 */
public record ParameterCount(long dl4j, long trainable) {

    /**
     * @param configuration a graph configuration
     * @return its parameter counts, computed from the configuration without initializing it
     */
    public static ParameterCount of(ComputationGraphConfiguration configuration) {
        long total = 0;
        long statistics = 0;
        for (GraphVertex vertex : configuration.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                Layer layer = layerVertex.getLayerConf().getLayer();
                total += layer.initializer().numParams(layer);
                if (layer instanceof BatchNormalization bn) {
                    statistics += 2 * bn.getNOut();
                }
            } else {
                total += vertex.numParams(true);
            }
        }
        return new ParameterCount(total, total - statistics);
    }
}

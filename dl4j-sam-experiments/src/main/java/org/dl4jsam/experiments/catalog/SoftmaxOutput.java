package org.dl4jsam.experiments.catalog;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Gives an imported network the output layer DL4J trains with: Keras models end in a softmax {@code Dense}
 * (followed by a {@code LossLayer} when the file holds a training configuration), which becomes one softmax
 * {@link OutputLayer} with cross entropy and the same weights — the output the SAM presets' loss wrappers and
 * the robust losses act on.
 */
final class SoftmaxOutput {
    private SoftmaxOutput() {}

    /**
     * @param graph an imported network with one output
     * @return the same network when it already ends in an output layer or does not end in a softmax dense layer,
     *     else a network whose softmax dense layer (and loss layer) is one output layer with the same weights
     */
    static ComputationGraph of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkOutputs().size() != 1) {
            return graph;
        }
        String output = conf.getNetworkOutputs().get(0);
        Layer last = layer(conf, output);
        if (last instanceof BaseOutputLayer) {
            return graph;
        }
        String dense = output;
        if (last instanceof LossLayer) {
            List<String> inputs = conf.getVertexInputs().get(output);
            if (inputs.size() != 1) {
                return graph;
            }
            dense = inputs.get(0);
        }
        if (!(layer(conf, dense) instanceof DenseLayer d) || !(d.getActivationFn() instanceof ActivationSoftmax)) {
            return graph;
        }
        LayerVertex vertex = (LayerVertex) conf.getVertices().get(dense);
        List<String> denseInputs = conf.getVertexInputs().get(dense);
        INDArray weights = graph.getLayer(dense).getParam("W").dup();
        INDArray bias = graph.getLayer(dense).getParam("b").dup();
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(graph);
        if (!dense.equals(output)) {
            builder.removeVertexAndConnections(output);
        }
        builder.removeVertexAndConnections(dense)
                .addLayer(
                        dense,
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(d.getNIn())
                                .nOut(d.getNOut())
                                .activation(new ActivationSoftmax())
                                .build(),
                        vertex.getPreProcessor(),
                        denseInputs.toArray(String[]::new))
                .setOutputs(dense);
        ComputationGraph converted = builder.build();
        converted.getLayer(dense).setParam("W", weights);
        converted.getLayer(dense).setParam("b", bias);
        return converted;
    }

    private static Layer layer(ComputationGraphConfiguration conf, String name) {
        return conf.getVertices().get(name) instanceof LayerVertex v
                ? v.getLayerConf().getLayer()
                : null;
    }
}

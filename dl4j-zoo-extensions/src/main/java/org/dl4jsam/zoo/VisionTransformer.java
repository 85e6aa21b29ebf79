package org.dl4jsam.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The {@link VitSpec} architecture as a DL4J zoo model (SameDiff layers with the gradient
 * correction). The token grid and position embedding follow the recipe's input size; the spec's
 * image size is the preset's nominal one.
 */
@SuppressWarnings("unchecked") // DL4J declares InstantiableModel.init() generically; ZooArchitecture returns a graph
public final class VisionTransformer extends ZooArchitecture {
    private final VitSpec spec;

    /**
     * @param spec the architecture
     * @param recipe classes, input shape, updater, weight decay, seed and data type
     */
    public VisionTransformer(VitSpec spec, ZooRecipe recipe) {
        super(recipe);
        this.spec = spec;
    }

    /** @return the architecture */
    public VitSpec spec() {
        return spec;
    }

    @Override
    public String modelName() {
        return "vit-" + spec.dModel() + "-" + spec.patchSize() + "-" + spec.imageSize();
    }

    @Override
    public ComputationGraphConfiguration graphConfiguration() {
        ZooRecipe r = recipe();
        if (r.height() % spec.patchSize() != 0 || r.width() % spec.patchSize() != 0) {
            throw new IllegalArgumentException("ViT: patch size " + spec.patchSize() + " does not divide the input "
                    + r.height() + "×" + r.width());
        }
        SameDiffGradientScale.factor(); // measure before any SameDiff layer is defined
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(r.seed())
                .dataType(r.dataType())
                .updater(r.updater())
                .l2(r.l2())
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Truncate)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(r.height(), r.width(), r.channels()))
                .addLayer(
                        "patches",
                        new ConvolutionLayer.Builder(spec.patchSize(), spec.patchSize())
                                .stride(spec.patchSize(), spec.patchSize())
                                .nOut(spec.dModel())
                                .activation(Activation.IDENTITY)
                                .build(),
                        "input")
                .addLayer("tokens", VitPatchTokens.create(), "patches");
        String previous = "tokens";
        for (int block = 1; block <= spec.depth(); block++) {
            g.addLayer("block" + block, new VitBlock(spec.heads(), spec.mlpDim()), previous);
            previous = "block" + block;
        }
        return g.addLayer("norm", new VitClassTokenHead(), previous)
                .addLayer(
                        "output",
                        new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nOut(r.numClasses())
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "norm")
                .setOutputs("output")
                .build();
    }
}

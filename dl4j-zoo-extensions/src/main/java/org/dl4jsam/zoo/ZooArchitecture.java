package org.dl4jsam.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.ModelMetaData;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.ZooType;

/**
 * A DL4J {@link ZooModel} built from an immutable architecture spec and an explicit
 * {@link ZooRecipe}. No pretrained weights: this library downloads nothing.
 */
@SuppressWarnings("unchecked") // DL4J declares InstantiableModel.init() generically
public abstract class ZooArchitecture extends ZooModel<ZooArchitecture> {
    private ZooRecipe recipe;

    /** @param recipe classes, input shape, updater, weight decay, seed and data type */
    protected ZooArchitecture(ZooRecipe recipe) {
        if (recipe == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": recipe must be given");
        }
        this.recipe = recipe;
    }

    /** @return the recipe */
    public ZooRecipe recipe() {
        return recipe;
    }

    /** @return the graph configuration for the recipe */
    public abstract ComputationGraphConfiguration graphConfiguration();

    @Override
    @SuppressWarnings("unchecked")
    public ComputationGraph init() {
        ComputationGraph graph = new ComputationGraph(graphConfiguration());
        graph.init();
        return graph;
    }

    @Override
    public void setInputShape(int[][] inputShape) {
        int[] shape = inputShape[0];
        recipe = recipe.withInput(shape[0], shape[1], shape[2]);
    }

    @Override
    public String pretrainedUrl(PretrainedType pretrainedType) {
        return null;
    }

    @Override
    public long pretrainedChecksum(PretrainedType pretrainedType) {
        return 0L;
    }

    @Override
    @Deprecated
    public ModelMetaData metaData() {
        return new ModelMetaData(new int[][] {{recipe.channels(), recipe.height(), recipe.width()}}, 1, ZooType.CNN);
    }

    @Override
    public Class<? extends Model> modelType() {
        return ComputationGraph.class;
    }
}

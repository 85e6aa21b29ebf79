package org.dl4jsam.experiments.linear;

import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.step.MicroBatchStepConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Logistic regression without bias, {@code ℓ = log(1 + exp(−ỹ·w·x))}, trained by full-batch gradient descent from
 * a random point on the sphere of radius {@code 1/3}: plain GD (ERM) or SumMax SAM, i.e. 1-SAM with normalized
 * per-example ascent ({@code ε_i = ρ·∇ℓ_i/‖∇ℓ_i‖}), through the library's own step on a DL4J network.
 *
 * @param rho SAM's ρ (0: ERM)
 * @param learningRate the GD step
 * @param iterations full-batch steps
 */
public record LinearExperiment(double rho, double learningRate, int iterations) {
    /** The initialization radius of Andriushchenko &amp; Flammarion. */
    public static final double INIT_RADIUS = 1.0 / 3;

    /**
     * @param problem the data
     * @param seed the initialization's seed
     * @return the network, initialized on the sphere
     */
    MultiLayerNetwork network(LinearProblem problem, long seed) {
        int dimension = (int) problem.trainFeatures().size(1);
        IUpdater gd = new Sgd(learningRate);
        IUpdater updater = rho == 0
                ? gd
                : new SharpnessAwareUpdater(gd, SamConfig.sam(rho).withStepAlgorithm(new MicroBatchStepConfig(1)));
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .updater(updater)
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nIn(dimension)
                        .nOut(1)
                        .hasBias(false)
                        .activation(Activation.SIGMOID)
                        .build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        Random random = new Random(seed ^ 0x5DEECE66DL);
        INDArray w = Nd4j.zeros(DataType.DOUBLE, dimension, 1);
        for (int j = 0; j < dimension; j++) {
            w.putScalar(j, 0, random.nextGaussian());
        }
        network.setParam("0_W", w.muli(INIT_RADIUS / w.norm2Number().doubleValue()));
        if (rho > 0) {
            SharpnessAware.attachTo(network);
        }
        return network;
    }

    /**
     * @param problem the data
     * @param seed the initialization's seed
     * @return test error before each step and after the last ({@code iterations + 1} values)
     */
    public double[] testErrors(LinearProblem problem, long seed) {
        MultiLayerNetwork network = network(problem, seed);
        DataSet train = new DataSet(problem.trainFeatures(), problem.noisyLabels());
        double[] errors = new double[iterations + 1];
        for (int t = 0; t <= iterations; t++) {
            errors[t] = testError(network, problem);
            if (t < iterations) {
                network.fit(train);
            }
        }
        return errors;
    }

    private static double testError(MultiLayerNetwork network, LinearProblem problem) {
        INDArray margin = problem.testFeatures().mmul(network.getParam("0_W"));
        INDArray predicted = margin.gt(0).castTo(DataType.DOUBLE);
        return predicted
                .neq(problem.testLabels())
                .castTo(DataType.DOUBLE)
                .meanNumber()
                .doubleValue();
    }
}

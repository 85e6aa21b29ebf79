package org.dl4jsam.updaters;

import static org.dl4jsam.updaters.Approx.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.impl.LossL2;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * {@link MomentumSgd} against PyTorch's SGD(momentum=μ, weight_decay=λ) recursion written out by
 * hand: {@code d = g + λw; v = μv + d; w −= lr_t·v}, with a learning rate that changes mid-run.
 */
class MomentumSgdTest {

    @Test
    void matchesPyTorchHeavyBallRecursionWithCoupledWeightDecayAndSchedule() {
        double momentum = 0.9;
        double l2 = 0.01;
        StepSchedule schedule = new StepSchedule(ScheduleType.ITERATION, 0.1, 0.5, 2); // 0.1, 0.1, 0.05, 0.05, …
        MultiLayerNetwork network = new MultiLayerNetwork(TestNets.base(new MomentumSgd(schedule, momentum))
                .l2(l2)
                .list()
                .layer(new OutputLayer.Builder(new LossL2())
                        .nIn(2)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
        network.init();
        double[] x = {1.5, -0.5, 0.3, 2.0, -1.0, 0.7};
        double[] y = {0.4, -1.2, 2.0};
        DataSet batch = new DataSet(
                org.nd4j.linalg.factory.Nd4j.create(x, new long[] {3, 2}, 'c'),
                org.nd4j.linalg.factory.Nd4j.create(y, new long[] {3, 1}, 'c'));
        INDArray weights = network.getParam("0_W");
        double[] w = {
            weights.getDouble(0, 0),
            weights.getDouble(1, 0),
            network.getParam("0_b").getDouble(0)
        };
        double[] v = new double[3];
        for (int t = 0; t < 6; t++) {
            double[] g = new double[3];
            for (int b = 0; b < 3; b++) {
                double residual = x[2 * b] * w[0] + x[2 * b + 1] * w[1] + w[2] - y[b];
                g[0] += 2 * residual * x[2 * b] / 3;
                g[1] += 2 * residual * x[2 * b + 1] / 3;
                g[2] += 2 * residual / 3;
            }
            double lr = 0.1 * Math.pow(0.5, Math.floor(t / 2.0));
            for (int i = 0; i < 3; i++) {
                double d = g[i] + (i < 2 ? l2 * w[i] : 0.0); // DL4J applies l2 to weights, not biases
                v[i] = momentum * v[i] + d;
                w[i] -= lr * v[i];
            }
            network.fit(batch);
            double[] actual = {
                network.getParam("0_W").getDouble(0, 0),
                network.getParam("0_W").getDouble(1, 0),
                network.getParam("0_b").getDouble(0)
            };
            assertAllClose(actual, w, 1e-12, 1e-14, "step " + t);
        }
        assertEquals(
                0.05,
                network.getLayerWiseConfigurations()
                        .getConf(0)
                        .getLayer()
                        .getUpdaterByParam("W")
                        .getLearningRate(3, 0),
                0.0);
    }
}

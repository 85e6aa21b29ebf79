package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.transform.SanerGroup;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/** SANER's alignment diagnostic against a hand computation on linear least squares (1e-10). */
class SanerNoiseAlignmentTest {
    private static final int D = 3;
    private static final int K = 2;
    private static final int B = 8;
    private static final double RHO = 0.4;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SanerGroup.class)
    void cosinesMatchAHandComputationAndTheModelIsUntouched(SanerGroup group) {
        Random random = new Random(5);
        double[][] x = new double[B][D];
        double[][] y = new double[B][K];
        boolean[] noisy = new boolean[B];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < D; i++) {
                x[b][i] = random.nextGaussian();
            }
            x[b][2] = 3 - 2 * x[b][0] + 0.1 * random.nextGaussian(); // correlated with x₀ and the bias: H mixes
            for (int j = 0; j < K; j++) {
                y[b][j] = 2 * random.nextGaussian();
            }
            noisy[b] = b % 3 == 0;
        }
        MultiLayerNetwork network = network();
        network.fit(new DataSet(Nd4j.createFromArray(x), Nd4j.createFromArray(y))); // some optimizer state
        double[] params = network.params().dup().data().asDouble();
        double[] state = network.getUpdater().getStateViewArray().dup().data().asDouble();
        Batch batch = new Batch(
                new INDArray[] {Nd4j.createFromArray(x)}, new INDArray[] {Nd4j.createFromArray(y)}, null, null);

        SanerNoiseAlignment.Alignment measured = SanerNoiseAlignment.measure(network, batch, noisy, RHO, group);

        double[] w = flatten(network);
        double[] g = gradient(w, x, y, null);
        double[] gNoise = gradient(w, x, y, noisy);
        double norm = norm(g);
        double[] perturbed = w.clone();
        for (int i = 0; i < w.length; i++) {
            perturbed[i] += RHO * g[i] / (norm + 1e-12);
        }
        double[] gHat = gradient(perturbed, x, y, null);
        double[] down = new double[w.length];
        double[] kept = new double[w.length];
        int masked = 0;
        for (int i = 0; i < w.length; i++) {
            double r = gHat[i] / g[i];
            boolean m =
                    switch (group) {
                        case B -> r > 0 && r < 1;
                        case A -> r > 1;
                        case C -> r < 0;
                        case AB -> r > 0 && gHat[i] != g[i];
                    };
            masked += m ? 1 : 0;
            down[i] = m ? g[i] : 0;
            kept[i] = m ? 0 : g[i];
        }
        // least squares: ĝ = g + ρHg/‖g‖; correlated inputs make (Hg)_i·g_i change sign across i
        assertTrue(
                group == SanerGroup.C || group == SanerGroup.AB || (masked > 0 && masked < w.length),
                "a non-trivial mask: " + masked);
        assertEquals(cosine(down, gNoise), measured.downWeightedCosine(), 1e-10);
        assertEquals(cosine(kept, gNoise), measured.keptCosine(), 1e-10);
        assertEquals((double) masked / w.length, measured.downWeightedFraction(), 0.0);
        assertArrayEquals(params, network.params().dup().data().asDouble(), 0.0, "weights untouched");
        assertArrayEquals(
                state, network.getUpdater().getStateViewArray().dup().data().asDouble(), 0.0, "state");
    }

    @Test
    void flagsMustMatchTheBatchAndNameAtLeastOneNoisyExample() {
        MultiLayerNetwork network = network();
        Batch batch = new Batch(
                new INDArray[] {Nd4j.rand(DataType.DOUBLE, B, D)},
                new INDArray[] {Nd4j.rand(DataType.DOUBLE, B, K)},
                null,
                null);
        IllegalArgumentException length = assertThrows(
                IllegalArgumentException.class,
                () -> SanerNoiseAlignment.measure(network, batch, new boolean[B - 1], RHO, SanerGroup.B));
        assertTrue(length.getMessage().contains("one flag per example"), length.getMessage());
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> SanerNoiseAlignment.measure(network, batch, new boolean[B], RHO, SanerGroup.B));
        assertTrue(none.getMessage().contains("no noisy example"), none.getMessage());
    }

    private static MultiLayerNetwork network() {
        MultiLayerNetwork network = new MultiLayerNetwork(
                TestNets.base(new SharpnessAwareUpdater(new MomentumSgd(0.05, 0.9), SamConfig.saner(RHO, 0.5)))
                        .list()
                        .layer(new OutputLayer.Builder(new LossL2())
                                .nIn(D)
                                .nOut(K)
                                .activation(Activation.IDENTITY)
                                .build())
                        .build());
        network.init();
        SharpnessAware.attachTo(network);
        return network;
    }

    /** [W row-major (D×K), b], DL4J's flat order. */
    private static double[] flatten(MultiLayerNetwork network) {
        INDArray w = network.getParam("0_W");
        INDArray bias = network.getParam("0_b");
        double[] flat = new double[D * K + K];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < K; j++) {
                flat[i * K + j] = w.getDouble(i, j);
            }
        }
        for (int j = 0; j < K; j++) {
            flat[D * K + j] = bias.getDouble(j);
        }
        return flat;
    }

    /** Mean gradient of Σ_j (z − y)² over the examples (those flagged, when a filter is given). */
    private static double[] gradient(double[] p, double[][] x, double[][] y, boolean[] only) {
        double[] grad = new double[p.length];
        int count = 0;
        for (int b = 0; b < B; b++) {
            count += only == null || only[b] ? 1 : 0;
        }
        for (int b = 0; b < B; b++) {
            if (only != null && !only[b]) {
                continue;
            }
            for (int j = 0; j < K; j++) {
                double z = p[D * K + j];
                for (int i = 0; i < D; i++) {
                    z += x[b][i] * p[i * K + j];
                }
                double dz = 2 * (z - y[b][j]);
                for (int i = 0; i < D; i++) {
                    grad[i * K + j] += dz * x[b][i] / count;
                }
                grad[D * K + j] += dz / count;
            }
        }
        return grad;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }
}

package org.dl4jsam.experiments.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The linear experiment's steps against their closed forms in double precision: full-batch GD
 * {@code w − η·mean_i[−σ(−ỹ_i w·x_i)·ỹ_i x_i]} and SumMax SAM, whose per-example ascent {@code −ρ·ỹ_i x_i/‖x_i‖}
 * lowers each margin by {@code ρ‖x_i‖}: {@code w − η·mean_i[−σ(−ỹ_i w·x_i + ρ‖x_i‖)·ỹ_i x_i]}.
 */
class LinearExperimentTest {
    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double[] closedFormStep(LinearProblem problem, double[] w, double rho, double lr) {
        INDArray x = problem.trainFeatures();
        int n = x.rows();
        int d = x.columns();
        double[] next = w.clone();
        for (int i = 0; i < n; i++) {
            double y = 2 * problem.noisyLabels().getDouble(i, 0) - 1;
            double margin = 0;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                margin += w[j] * x.getDouble(i, j);
                norm += x.getDouble(i, j) * x.getDouble(i, j);
            }
            double weight = sigmoid(-y * margin + rho * Math.sqrt(norm)); //    σ(−(ỹ w·x − ρ‖x‖))
            for (int j = 0; j < d; j++) {
                next[j] -= lr * (-weight * y * x.getDouble(i, j)) / n;
            }
        }
        return next;
    }

    private static void stepMatchesClosedForm(double rho) {
        LinearProblem problem = LinearProblem.draw(3, 20, 12, 10, 0.1, 0.9);
        LinearExperiment experiment = new LinearExperiment(rho, 2.0, 3);
        MultiLayerNetwork network = experiment.network(problem, 3);
        assertEquals(
                LinearExperiment.INIT_RADIUS,
                network.getParam("0_W").norm2Number().doubleValue(),
                1e-15);
        DataSet train = new DataSet(problem.trainFeatures(), problem.noisyLabels());
        for (int step = 0; step < 3; step++) {
            double[] w = network.getParam("0_W").dup().data().asDouble();
            double[] expected = closedFormStep(problem, w, rho, 2.0);
            network.fit(train);
            double[] actual = network.getParam("0_W").dup().data().asDouble();
            for (int j = 0; j < w.length; j++) {
                assertEquals(expected[j], actual[j], 1e-12, "ρ = " + rho + ", step " + step + ", w_" + j);
            }
        }
    }

    @Test
    void fullBatchGdMatchesTheClosedForm() {
        stepMatchesClosedForm(0);
    }

    @Test
    void sumMaxSamMatchesTheClosedForm() {
        stepMatchesClosedForm(5.0);
    }

    @Test
    void theDrawIsReproducibleAndRedrawsAboutHalfOfTheRedrawnLabels() {
        LinearProblem a = LinearProblem.draw(7, 100, 2000, 10, 0.1, 0.9);
        LinearProblem b = LinearProblem.draw(7, 100, 2000, 10, 0.1, 0.9);
        assertEquals(a.noisyLabels(), b.noisyLabels());
        double disagreement = a.noisyLabels()
                .neq(a.cleanLabels())
                .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .meanNumber()
                .doubleValue();
        assertEquals(0.45, disagreement, 0.04, "90% redrawn uniformly: about 45% flipped");
        assertEquals(1 - 2 * disagreement, a.labelCorrelation(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LinearProblem.draw(1, 0, 5, 5, 0.1, 0.9));
        double[] errors = new LinearExperiment(5.0, 2.0, 4).testErrors(LinearProblem.draw(1, 10, 20, 50, 0.1, 0.0), 1);
        assertEquals(5, errors.length);
        assertTrue(errors[4] <= 0.1, "clean labels: SAM separates the Gaussians, test error " + errors[4]);
    }
}

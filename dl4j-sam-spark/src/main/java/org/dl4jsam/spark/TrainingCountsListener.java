package org.dl4jsam.spark;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dl4jsam.updaters.spi.ExternalEpochCount;

/**
 * Keeps a Spark worker's iteration and epoch counts at the driver's. DL4J's parameter-averaging worker builds
 * a new {@code ComputationGraph} each averaging round from a clone of the configuration, and
 * {@code ComputationGraphConfiguration.clone()} drops both counts, so every round would restart at
 * iteration 0, epoch 0 — and with it every schedule that reads them: SANER's α warm-up, AE-SAM's threshold,
 * LookSAM's and SS-SAM's decisions, the base updater's learning-rate schedule.
 *
 * <p>This listener holds the driver's network; when Spark serializes it into a round's task it writes the
 * driver's counts at that moment. On the worker, before the SAM step of each iteration, it raises the
 * network's counts to those if they are lower (a fresh network); a network that already counts on (a multi-layer
 * network, whose configuration clone keeps the counts, or a worker network reused across rounds) is left alone.
 * It must run before {@code SharpnessAwareListener}: {@link SparkSam#attach} puts it first.
 */
public final class TrainingCountsListener extends BaseTrainingListener
        implements ExternalEpochCount, java.io.Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient Model driver;
    private int iteration;
    private int epoch;

    /**
     * For plain (non-SAM) Spark training, whose learning-rate schedules suffer the same loss of counts, pass one
     * to {@code sparkNetwork.setListeners(...)} first; {@link SparkSam#attach} adds one itself.
     *
     * @param driver the driver's network (the one the Spark network wraps)
     */
    public TrainingCountsListener(Model driver) {
        this.driver = driver;
        snapshot();
    }

    private void snapshot() {
        if (driver != null) {
            iteration = iterationOf(driver);
            epoch = epochOf(driver);
        }
    }

    /** @return the iteration count this listener carries (the driver's when it was last serialized) */
    public int iteration() {
        return iteration;
    }

    /** @return the epoch count this listener carries */
    public int epoch() {
        return epoch;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (iterationOf(model) < iteration) {
            setCounts(model, iteration, Math.max(epoch, epochOf(model)));
        } else if (epochOf(model) < epoch) {
            setCounts(model, iterationOf(model), epoch);
        }
    }

    private static int iterationOf(Model model) {
        if (model instanceof ComputationGraph graph) {
            return graph.getConfiguration().getIterationCount();
        }
        return ((MultiLayerNetwork) model).getLayerWiseConfigurations().getIterationCount();
    }

    private static int epochOf(Model model) {
        if (model instanceof ComputationGraph graph) {
            return graph.getConfiguration().getEpochCount();
        }
        return ((MultiLayerNetwork) model).getLayerWiseConfigurations().getEpochCount();
    }

    private static void setCounts(Model model, int iteration, int epoch) {
        if (model instanceof ComputationGraph graph) {
            graph.getConfiguration().setIterationCount(iteration);
            graph.getConfiguration().setEpochCount(epoch);
        } else {
            ((MultiLayerNetwork) model).getLayerWiseConfigurations().setIterationCount(iteration);
            ((MultiLayerNetwork) model).getLayerWiseConfigurations().setEpochCount(epoch);
        }
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        snapshot();
        out.defaultWriteObject();
    }
}

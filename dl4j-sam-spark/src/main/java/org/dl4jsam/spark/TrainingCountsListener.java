package org.dl4jsam.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.dl4jsam.updaters.spi.ExternalEpochCount;

/**
 * Keeps a Spark worker's iteration and epoch counts at the driver's, so that no schedule restarts: SANER's α
 * warm-up, AE-SAM's threshold, LookSAM's and SS-SAM's decisions, the base updater's learning-rate schedule.
 *
 * <p>Parameter averaging: DL4J's worker builds a new {@code ComputationGraph} each averaging round from a clone of
 * the configuration, and {@code ComputationGraphConfiguration.clone()} drops both counts, so every round would
 * restart at iteration 0, epoch 0. This listener holds the driver's network; when Spark serializes it into a
 * round's task it writes the driver's counts at that moment. On the worker, before the SAM step of each iteration,
 * it raises the network's counts to those if they are lower (a fresh network); a network that already counts on
 * (a multi-layer network, whose configuration clone keeps the counts, or a worker network reused across rounds) is
 * left alone.
 *
 * <p>Shared training: DL4J (1.0.0-M2) keeps a worker JVM's network and the listeners of the first {@code fit}
 * and sets the network's counts back to its parameter server's start position (0, 0) at every later {@code fit}.
 * The listener that runs is then the first {@code fit}'s, with old driver counts; the current ones arrive with
 * each task in the listener copy DL4J does not attach, which hands them on through a table of this JVM keyed by
 * the driver's network. So the epoch is the driver's (which advances after each {@code fit}), and a network whose
 * iteration count went back below an iteration this listener saw it finish continues after that one: each
 * worker counts its own steps across {@code fit} calls, as DL4J counts them within one.
 *
 * <p>It must run before {@code SharpnessAwareListener}: {@link SparkSam#attach} puts it first.
 */
public final class TrainingCountsListener extends BaseTrainingListener
        implements ExternalEpochCount, java.io.Serializable {
    @Serial
    private static final long serialVersionUID = 2L;

    /** The newest driver counts that tasks brought to this JVM, per driver network: {iteration, epoch}. */
    private static final Map<UUID, int[]> LATEST = new ConcurrentHashMap<>();

    private final transient Model driver;
    private final UUID driverId = UUID.randomUUID();
    private int iteration;
    private int epoch;
    /** The network that last finished an iteration under this listener, and that iteration. */
    private transient WeakReference<Model> lastModel;

    private transient int lastFinished;

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
        int[] latest = LATEST.get(driverId);
        int targetIteration = latest == null ? iteration : Math.max(iteration, latest[0]);
        int targetEpoch = latest == null ? epoch : Math.max(epoch, latest[1]);
        if (lastModel != null && lastModel.get() == model && iterationOf(model) <= lastFinished) {
            targetIteration = Math.max(targetIteration, lastFinished + 1); // counts set back under this listener
        }
        if (iterationOf(model) < targetIteration || epochOf(model) < targetEpoch) {
            setCounts(model, Math.max(iterationOf(model), targetIteration), Math.max(epochOf(model), targetEpoch));
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (lastModel == null || lastModel.get() != model) {
            lastModel = new WeakReference<>(model);
        }
        lastFinished = iteration;
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

    /** A task brought the driver's counts: every listener of that driver in this JVM may use them. */
    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        LATEST.merge(driverId, new int[] {iteration, epoch}, (a, b) ->
                new int[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
    }
}

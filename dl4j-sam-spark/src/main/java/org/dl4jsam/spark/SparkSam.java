package org.dl4jsam.spark;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.impl.SparkListenable;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAwareListener;

/**
 * Attaches sharpness-aware training to a DL4J Spark network, for parameter averaging and shared training alike.
 * The Spark counterpart of {@code SharpnessAware.attachTo(model)}: the network's {@code SharpnessAwareUpdater}
 * configuration travels to the workers with the network; this puts the listeners that perform the step into
 * the training master, in the order the step needs — {@link TrainingCountsListener} (the driver's iteration and
 * epoch counts), then {@link SharpnessAwareListener}, then the caller's listeners.
 *
 * <pre>{@code
 * SparkComputationGraph sparkNet = new SparkComputationGraph(sc, network, trainingMaster);
 * SparkSam.attach(sparkNet, new ScoreIterationListener(10));   // instead of sparkNet.setListeners(...)
 * sparkNet.fit(trainingRdd);
 * }</pre>
 */
public final class SparkSam {
    private SparkSam() {}

    /**
     * @param sparkNetwork the Spark network; its {@code ComputationGraph} must carry a SAM configuration
     * @param others further listeners, run after the SAM step on the workers
     * @return the SAM configuration the workers will use
     * @throws IllegalArgumentException when the network has no (or an inconsistent) SAM configuration
     */
    public static SamConfig attach(SparkComputationGraph sparkNetwork, TrainingListener... others) {
        return attach(sparkNetwork, sparkNetwork.getNetwork(), others);
    }

    /**
     * @param sparkNetwork the Spark network; its {@code MultiLayerNetwork} must carry a SAM configuration
     * @param others further listeners, run after the SAM step on the workers
     * @return the SAM configuration the workers will use
     * @throws IllegalArgumentException when the network has no (or an inconsistent) SAM configuration
     */
    public static SamConfig attach(SparkDl4jMultiLayer sparkNetwork, TrainingListener... others) {
        return attach(sparkNetwork, sparkNetwork.getNetwork(), others);
    }

    /**
     * @param others the caller's listeners
     * @param driver the driver's network
     * @return the listeners to set on a Spark network: counts, SAM, then {@code others} (SAM and counts listeners
     *     among them dropped)
     */
    static List<TrainingListener> workerListeners(Model driver, TrainingListener... others) {
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new TrainingCountsListener(driver));
        listeners.add(new SharpnessAwareListener());
        for (TrainingListener other : others) {
            if (other == null) {
                throw new IllegalArgumentException("SparkSam.attach: a listener is null");
            }
            if (!(other instanceof SharpnessAwareListener) && !(other instanceof TrainingCountsListener)) {
                listeners.add(other);
            }
        }
        return listeners;
    }

    private static SamConfig attach(SparkListenable sparkNetwork, Model driver, TrainingListener... others) {
        if (driver == null) {
            throw new IllegalArgumentException("SparkSam.attach: the Spark network has no network");
        }
        SamConfig config;
        try {
            // resolves and validates the configuration on the driver, as each worker will
            config = new SharpnessAwareListener().configFor(driver);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "SparkSam.attach: the network cannot be trained with SAM: " + e.getMessage()
                            + " (configure its layers with SharpnessAwareUpdater)",
                    e);
        }
        sparkNetwork.setListeners(workerListeners(driver, others));
        return config;
    }
}

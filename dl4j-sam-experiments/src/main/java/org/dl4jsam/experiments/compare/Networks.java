package org.dl4jsam.experiments.compare;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsam.experiments.catalog.ModelCatalog;
import org.dl4jsam.experiments.catalog.UserModel;
import org.dl4jsam.experiments.data.Examples;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The network a run trains for one optimizer and seed: the named model (or the user's, with the run's recipe),
 * the optimizer's loss and penalties, momentum SGD with the run's schedule wrapped in the optimizer's SAM
 * configuration, initialized from the seed (or the user's weights with {@code --fine-tune}), the SAM listener
 * attached.
 */
public final class Networks {
    private Networks() {}

    /**
     * @param config the run
     * @param optimizer the optimizer
     * @param train the training examples (their shape and classes)
     * @param userModel the {@code --model-file}, or null
     * @param seed the initialization seed
     * @param stepsPerEpoch steps per epoch (for the schedules)
     * @return the initialized network
     */
    public static ComputationGraph create(
            ExperimentConfig config,
            OptimizerChoice optimizer,
            Examples train,
            UserModel userModel,
            long seed,
            int stepsPerEpoch) {
        IUpdater updater = optimizer.updater(
                baseUpdater(config, stepsPerEpoch),
                config,
                (long) config.training().epochs() * stepsPerEpoch);
        double l2 = config.training().pytorchWeightDecay()
                ? 0.0
                : config.training().weightDecay(); // DL4J .l2 only in dl4j-l2 mode
        ComputationGraph network = new ComputationGraph(optimizer.model(
                userModel != null
                        ? userModel.configuration(updater, seed, l2)
                        : ModelCatalog.configuration(
                                config.training().model(), updater, seed, l2, train.exampleShape(), train.numClasses()),
                config));
        network.init();
        if (config.training().fineTune()) {
            network.setParams(userModel.weights());
        }
        if (optimizer.usesSamStep(config)) {
            SharpnessAware.attachTo(network);
        }
        return network;
    }

    /**
     * @param config the run
     * @param stepsPerEpoch steps per epoch
     * @return momentum SGD with the run's learning rate and schedule
     */
    public static IUpdater baseUpdater(ExperimentConfig config, int stepsPerEpoch) {
        double lr = config.training().learningRate();
        ISchedule schedule =
                config.training().lrSchedule().schedule(lr, config.training().epochs(), stepsPerEpoch);
        return schedule == null
                ? new MomentumSgd(lr, config.training().momentum())
                : new MomentumSgd(schedule, config.training().momentum());
    }
}

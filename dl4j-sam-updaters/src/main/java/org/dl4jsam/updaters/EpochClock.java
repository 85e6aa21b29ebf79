package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.dl4jsam.updaters.spi.ExternalEpochCount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches whether the model's epoch count advances, for configurations whose schedule reads it (SANER's
 * warm-up in epochs): {@code fit(DataSet)} loops and {@code ParallelWrapper} count no epochs, and the warm-up
 * would then never end. Warns once, naming the fix.
 */
final class EpochClock {
    private static final Logger LOG = LoggerFactory.getLogger(EpochClock.class);

    private final Model model;
    private final SamConfig config;
    private final List<String> warnings = new ArrayList<>();
    private int epochStartsSeen;
    private int epochAtLastStart;
    private boolean stalled;

    EpochClock(Model model, SamConfig config) {
        this.model = model;
        this.config = config;
    }

    /** An epoch starts ({@code onEpochStart}). */
    void epochStarted() {
        int now = BaseOptimizer.getEpochCount(model);
        if (epochStartsSeen > 0 && now == epochAtLastStart) {
            stalled = true;
        }
        epochStartsSeen++;
        epochAtLastStart = now;
    }

    /** A step runs at {@code epoch}: warn once if the schedule reads an epoch count that does not advance. */
    void checkAt(int epoch) {
        if (!config.followsEpochCount() || (epochStartsSeen > 0 && !stalled) || !warnings.isEmpty()) {
            return;
        }
        if (ModelAccess.listeners(model).stream().anyMatch(l -> l instanceof ExternalEpochCount)) {
            return; // the epoch count is kept from elsewhere (a Spark driver)
        }
        String warning = config.gradientTransforms() + " follows the model's epoch count, which "
                + (epochStartsSeen == 0
                        ? "no epoch start has advanced (fit(DataSet) / fit(MultiDataSet) loops and ParallelWrapper "
                                + "do not count epochs)"
                        : "did not advance between two epoch starts")
                + ": it stays at epoch " + epoch + ". Fix: train with fit(iterator, epochs), call "
                + "model.incrementEpochCount() after each epoch of your own loop (then ignore this warning), or "
                + "count the warm-up in iterations (WarmupUnit.ITERATION)";
        warnings.add(warning);
        LOG.warn(warning);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}

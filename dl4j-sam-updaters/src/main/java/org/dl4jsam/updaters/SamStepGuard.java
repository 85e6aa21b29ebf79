package org.dl4jsam.updaters;

/**
 * Per-thread hand-off between {@link SharpnessAwareListener} (which prepares a step's gradient) and
 * {@link SharpnessAwareGradientUpdater} (which applies it in the same thread, right after): a
 * configured-but-detached SAM is detected at its first update instead of training plain ERM.
 */
final class SamStepGuard {
    /** The step the listener prepared last on this thread, and whether it must be skipped. */
    record Mark(int iteration, int epoch, boolean skip) {}

    private static final ThreadLocal<Mark> LAST = new ThreadLocal<>();

    private SamStepGuard() {}

    static void markHandled(int iteration, int epoch, boolean skip) {
        LAST.set(new Mark(iteration, epoch, skip));
    }

    /** Called once the step's update is applied, so that no mark outlives its step. */
    static void clear() {
        LAST.remove();
    }

    static Mark requireHandled(int iteration, int epoch) {
        Mark mark = LAST.get();
        if (mark == null || mark.iteration() != iteration || mark.epoch() != epoch) {
            throw new IllegalStateException("SharpnessAwareUpdater is configured on this model, but no "
                    + "SharpnessAwareListener performed the SAM step for iteration " + iteration + " (epoch " + epoch
                    + "): the listener is not attached, or setListeners(...) / a clone removed it. "
                    + "Fix: call SharpnessAware.attachTo(model) after setting the model's listeners; "
                    + "under Spark training, call SparkSam.attach(sparkNetwork, otherListeners...) from "
                    + "dl4j-sam-spark instead of sparkNetwork.setListeners(...) "
                    + "(or configure the bare base updater to train without SAM).");
        }
        return mark;
    }
}

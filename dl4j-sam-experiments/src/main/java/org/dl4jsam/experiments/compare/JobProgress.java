package org.dl4jsam.experiments.compare;

import java.util.LinkedHashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One progress bar over every step a {@code compare} run still has to train, whatever number of (optimizer, seed)
 * jobs run at once; its message shows each running job's epoch and latest test accuracy and memorization.
 * Thread-safe: jobs on several threads report to it.
 */
final class JobProgress implements AutoCloseable {
    private final ProgressBar bar;
    private final Map<String, String> running = new LinkedHashMap<>();

    private JobProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param show whether to draw a bar (false: every call is a no-op)
     * @param steps the steps left to train
     * @return the progress
     */
    static JobProgress of(boolean show, long steps) {
        return new JobProgress(
                show
                        ? new ProgressBarBuilder()
                                .setTaskName("compare")
                                .setInitialMax(steps)
                                .setStyle(ProgressBarStyle.ASCII)
                                .setUnit(" steps", 1)
                                .showSpeed()
                                .build()
                        : null);
    }

    /** One training step done. */
    void step() {
        if (bar != null) {
            bar.step();
        }
    }

    /**
     * @param job the job, e.g. {@code sam s1}
     * @param status its state, e.g. {@code epoch 3/20 test 71.2% mem 4.0%}
     */
    synchronized void update(String job, String status) {
        running.put(job, status);
        show();
    }

    /** @param job a job that finished or stopped */
    synchronized void done(String job) {
        running.remove(job);
        show();
    }

    private void show() {
        if (bar != null) {
            StringBuilder text = new StringBuilder();
            running.forEach(
                    (job, status) -> text.append(" | ").append(job).append(' ').append(status));
            bar.setExtraMessage(text.toString());
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

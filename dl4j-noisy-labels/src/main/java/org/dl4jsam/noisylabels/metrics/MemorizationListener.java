package org.dl4jsam.noisylabels.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training listener that, at the end of every epoch, measures memorization with a
 * {@link MemorizationEvaluator}, logs a readable line, and appends the record to a JSON-lines and
 * a CSV file (each optional). {@link #best()} is the epoch chosen on the noisy validation split.
 */
public final class MemorizationListener extends BaseTrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(MemorizationListener.class);

    private final transient MemorizationEvaluator evaluator;
    private final Path jsonLines;
    private final Path csv;
    private final List<EpochMetrics> history = new ArrayList<>();

    /**
     * @param evaluator what to measure
     * @param jsonLines JSON-lines file to append to, or null
     * @param csv CSV file to append to (header written when new), or null
     */
    public MemorizationListener(MemorizationEvaluator evaluator, Path jsonLines, Path csv) {
        this.evaluator = evaluator;
        this.jsonLines = jsonLines;
        this.csv = csv;
    }

    @Override
    public void onEpochEnd(Model model) {
        int epoch = org.deeplearning4j.optimize.solvers.BaseOptimizer.getEpochCount(model) + 1;
        record(evaluator.evaluate(model, epoch));
    }

    /**
     * Add a measured epoch (also what {@link #onEpochEnd} does).
     *
     * @param metrics the epoch's metrics
     */
    public void record(EpochMetrics metrics) {
        history.add(metrics);
        LOG.info(metrics.toLogLine());
        try {
            if (jsonLines != null) {
                Files.writeString(
                        jsonLines,
                        metrics.toJsonLine() + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            if (csv != null) {
                String line = (Files.exists(csv) ? "" : EpochMetrics.CSV_HEADER + "\n") + metrics.toCsv() + "\n";
                Files.writeString(
                        csv, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append epoch metrics: " + e.getMessage(), e);
        }
    }

    /** @return the metrics of every recorded epoch, in order */
    public List<EpochMetrics> history() {
        return Collections.unmodifiableList(history);
    }

    /** @return the epoch with the best noisy-validation accuracy so far */
    public EpochMetrics best() {
        return MemorizationEvaluator.bestByNoisyValidation(history);
    }
}

package org.dl4jsam.experiments.issues;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dl4jsam.experiments.compare.ExperimentConfig;
import org.dl4jsam.experiments.compare.NoiseArgument;
import org.dl4jsam.experiments.compare.RunInputs;
import org.dl4jsam.noisylabels.issues.ConfidentLearning;
import org.dl4jsam.noisylabels.issues.DetectionMetrics;
import org.dl4jsam.noisylabels.issues.Signal;

/**
 * {@code label_issues.csv} and {@code report.md} of {@code label-issues}: the ranking, and — where the truth is
 * known — AUROC, precision and recall at k = the number of wrong labels, per method and signal, with wall times.
 */
final class LabelIssueReport {
    private final ExperimentConfig config;
    private final RunInputs inputs;
    private final NoiseArgument.Outcome noise;
    private final int[] given;
    private final Truth truth;
    private final Map<String, LabelIssuesCommand.Method> methods;
    private final ConfidentLearning confidentLearning;
    private final double confidentLearningSeconds;
    private final int folds;
    private final double[][] outOfSample;

    LabelIssueReport(
            ExperimentConfig config,
            RunInputs inputs,
            NoiseArgument.Outcome noise,
            int[] given,
            Truth truth,
            Map<String, LabelIssuesCommand.Method> methods,
            ConfidentLearning confidentLearning,
            double confidentLearningSeconds,
            int folds,
            double[][] outOfSample) {
        this.config = config;
        this.inputs = inputs;
        this.noise = noise;
        this.given = given;
        this.truth = truth;
        this.methods = methods;
        this.confidentLearning = confidentLearning;
        this.confidentLearningSeconds = confidentLearningSeconds;
        this.folds = folds;
        this.outOfSample = outOfSample;
    }

    /** One CSV line per training example, most suspect first. */
    void writeCsv(Path file, LabelIssuesCommand.Method ranked, Signal primary) throws IOException {
        List<String> names = inputs.train().classNames();
        double[] score = ranked != null ? ranked.scores(primary) : confidentLearning.selfConfidence();
        int[] suggested = ranked != null ? ranked.suggested() : null;
        boolean[] wrong = null;
        if (truth != null && truth.rows().length == given.length) {
            wrong = truth.wrong();
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("rank,id,given,suggested,score");
            if (ranked != null) {
                w.write(",aum,loss,self_confidence");
            }
            if (confidentLearning != null) {
                w.write(",confident_learning_flagged");
            }
            if (wrong != null) {
                w.write(",wrong");
            }
            w.write("\n");
            int[] order = DetectionMetrics.ranking(score);
            for (int r = 0; r < order.length; r++) {
                int i = order[r];
                int suggestion = suggested != null ? suggested[i] : argmaxOther(i);
                w.write(String.format(
                        Locale.ROOT,
                        "%d,%s,%s,%s,%.6f",
                        r + 1,
                        csv(inputs.train().ids().get(i)),
                        csv(names.get(given[i])),
                        csv(names.get(suggestion)),
                        score[i]));
                if (ranked != null) {
                    w.write(String.format(
                            Locale.ROOT,
                            ",%.6f,%.6f,%.6f",
                            ranked.signals().areaUnderMargin(i),
                            ranked.signals().meanLoss(i),
                            1 - ranked.signals().meanProbabilities(i)[given[i]]));
                }
                if (confidentLearning != null) {
                    w.write(confidentLearning.flagged()[i] ? ",1" : ",0");
                }
                if (wrong != null) {
                    w.write(wrong[i] ? ",1" : ",0");
                }
                w.write("\n");
            }
        }
    }

    /** Without a training run's signals: the most probable other class out of sample. */
    private int argmaxOther(int i) {
        double[] p = outOfSample[i];
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != given[i] && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        return best;
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    /** The measurement table (Markdown); without known truth, only the cost columns. */
    String table() {
        StringBuilder md = new StringBuilder();
        int k = truth == null ? 0 : truth.wrongCount();
        md.append(String.format(
                Locale.ROOT,
                "| method | trainings | wall time (s) | signal | AUROC | precision at k = %d | recall at k = %d |%n",
                k,
                k));
        md.append("|---|---:|---:|---|---:|---:|---:|\n");
        for (Map.Entry<String, LabelIssuesCommand.Method> e : methods.entrySet()) {
            for (Signal signal : Signal.values()) {
                md.append(row(
                        e.getKey(),
                        e.getValue().trainings(),
                        e.getValue().seconds(),
                        signal.cliName(),
                        e.getValue().scores(signal),
                        k));
            }
        }
        if (confidentLearning != null) {
            String name = "confident learning (K = " + folds + ")";
            md.append(row(
                    name,
                    folds,
                    confidentLearningSeconds,
                    "self-confidence (out of sample)",
                    confidentLearning.selfConfidence(),
                    k));
            md.append(flaggedRow(name));
        }
        return md.toString();
    }

    private String row(String method, int trainings, double seconds, String signal, double[] scores, int k) {
        if (truth == null || k == 0 || k == truth.rows().length) {
            return String.format(
                    Locale.ROOT, "| %s | %d | %.0f | %s | – | – | – |%n", method, trainings, seconds, signal);
        }
        double[] known = new double[truth.rows().length];
        for (int r = 0; r < known.length; r++) {
            known[r] = scores[truth.rows()[r]];
        }
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.0f | %s | %.4f | %.4f | %.4f |%n",
                method,
                trainings,
                seconds,
                signal,
                DetectionMetrics.auroc(known, truth.wrong()),
                DetectionMetrics.precisionAtK(known, truth.wrong(), k),
                DetectionMetrics.recallAtK(known, truth.wrong(), k));
    }

    private String flaggedRow(String name) {
        int flagged = 0;
        int hits = 0;
        for (int r = 0; truth != null && r < truth.rows().length; r++) {
            if (confidentLearning.flagged()[truth.rows()[r]]) {
                flagged++;
                hits += truth.wrong()[r] ? 1 : 0;
            }
        }
        if (truth == null || truth.wrongCount() == 0) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %.0f | flagged (%d, prune by noise rate) | – | – | – |%n",
                    name,
                    folds,
                    confidentLearningSeconds,
                    confidentLearning.flaggedCount());
        }
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.0f | flagged (%d, prune by noise rate) | – | %.4f | %.4f |%n",
                name,
                folds,
                confidentLearningSeconds,
                confidentLearning.flaggedCount(),
                flagged == 0 ? 0.0 : (double) hits / flagged,
                (double) hits / truth.wrongCount());
    }

    String markdown(Signal primary) {
        StringBuilder md = new StringBuilder("# dl4j-sam label-issues\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%s: %d training examples of %s, noise `%s` (%d labels changed), model `%s`, %d epochs, batch %d, lr %s "
                        + "(%s), momentum %s, weight decay %s (%s), ρ = %s, seed %d.%n%n",
                config.data().source().argument(),
                inputs.train().size(),
                inputs.train().describeShape(),
                config.data().noise(),
                noise.manifest().noisyCount(),
                config.training().model(),
                config.training().epochs(),
                config.training().batchSize(),
                config.training().learningRate(),
                config.training().lrSchedule(),
                config.training().momentum(),
                config.training().weightDecay(),
                config.training().weightDecayMode(),
                config.sam().rho(),
                config.seeds().get(0)));
        md.append(
                truth == null
                        ? "No truth is known (no injected noise, no --trusted-labels): the ranking is in label_issues.csv, "
                                + "unmeasured.\n\n"
                        : "Measured against " + truth.source()
                                + ". AUROC: the probability that a wrong label scores above a "
                                + "right one; precision and recall among the k most suspect, k = the number of wrong labels.\n\n");
        md.append(table()).append("\n");
        md.append("Signals are collected from each training run's own forward passes (the step's weights, before the "
                + "update; a SAM step's second pass is not counted): aum = minus the mean margin z_given − max other z "
                + "(Pleiss et al. 2020), loss = mean training loss, self-confidence = 1 − mean predicted probability of "
                + "the given label, last-margin = minus the final epoch's margin. Confident learning (Northcutt et al. "
                + "2021) trains K plain runs on K − 1 folds each and applies the confident joint and prune by noise rate "
                + "to the out-of-sample probabilities. label_issues.csv is ranked by `" + primary.cliName()
                + "` of the "
                + "first method.\n");
        return md.toString();
    }
}

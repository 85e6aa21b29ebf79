package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dl4jsam.noisylabels.NoiseManifest;

/** Writes {@code report.md}: the summary table, the settings and the charts of a compare run. */
final class Report {
    private Report() {}

    static List<RunSummary> summaries(ExperimentResults results) {
        int classes = results.noise.values().stream()
                .findFirst()
                .map(NoiseManifest::numClasses)
                .orElse(10);
        List<RunSummary> out = new ArrayList<>();
        for (String optimizer : results.config.optimizers()) {
            List<ExperimentResults.Run> runs = results.runs.stream()
                    .filter(r -> r.optimizer.equals(optimizer) && !r.epochs.isEmpty())
                    .toList();
            if (!runs.isEmpty()) {
                out.add(RunSummary.of(optimizer, runs, classes));
            }
        }
        return out;
    }

    /** The summary table in Markdown. */
    static String table(List<RunSummary> summaries) {
        double ermWall = summaries.stream()
                .filter(s -> s.optimizer().equals("erm"))
                .mapToDouble(RunSummary::wallSeconds)
                .findFirst()
                .orElse(Double.NaN);
        double ermPasses = summaries.stream()
                .filter(s -> s.optimizer().equals("erm"))
                .mapToDouble(RunSummary::passes)
                .findFirst()
                .orElse(Double.NaN);
        boolean trusted = summaries.stream().anyMatch(s -> s.selectedTrusted() != null);
        StringBuilder md = new StringBuilder();
        md.append(
                "| optimizer | test acc. at selected epoch (%) | best test (%) | final test (%) | final memorization (%) "
                        + "| SAM steps (%) | wall time (s) | time / ERM | passes / ERM |"
                        + (trusted ? " trusted acc. at selected epoch (%) | final trusted memorization (%) |" : "")
                        + "\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
                .append(trusted ? "---:|---:|" : "")
                .append("\n");
        for (RunSummary s : summaries) {
            int n = s.seeds();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s%s | %s | %s | %s | %s | %.0f | %.0f | %s | %s |",
                    s.optimizer(),
                    s.collapsed() ? " ⚠ collapsed" : "",
                    s.selectedTest().percent(n),
                    s.bestTest().percent(n),
                    s.finalTest().percent(n),
                    s.finalMemorization().percent(n),
                    100 * s.secondPassFraction(),
                    s.wallSeconds(),
                    Double.isNaN(ermWall) ? "–" : String.format(Locale.ROOT, "%.2f", s.wallSeconds() / ermWall),
                    Double.isNaN(ermPasses) ? "–" : String.format(Locale.ROOT, "%.2f", s.passes() / ermPasses)));
            if (trusted) {
                md.append(String.format(
                        Locale.ROOT,
                        " %s | %s |",
                        s.selectedTrusted() == null ? "–" : s.selectedTrusted().percent(n),
                        s.finalTrustedMemorization() == null
                                ? "–"
                                : s.finalTrustedMemorization().percent(n)));
            }
            md.append("\n");
        }
        return md.toString();
    }

    /**
     * One sentence per question a user has: which optimizer selected best on the noisy validation split, at what
     * cost relative to ERM, whether the difference is larger than the seed spread, and (with trusted labels) which
     * was most accurate on the hand-checked examples.
     */
    static String recommendation(List<RunSummary> summaries) {
        if (summaries.isEmpty()) {
            return "";
        }
        if (summaries.stream().allMatch(s -> Double.isNaN(s.selectedValidation().mean()))) {
            return "No noisy validation split (--validation-fraction 0): no epoch or optimizer can be chosen without "
                    + "looking at the test set, so the table shows the last epoch and nothing is recommended; hold out "
                    + "part of the training set (e.g. --validation-fraction 0.1) to choose.\n";
        }
        RunSummary best = summaries.get(0);
        for (RunSummary s : summaries) {
            if (s.selectedValidation().mean() > best.selectedValidation().mean()) {
                best = s;
            }
        }
        RunSummary erm = summaries.stream()
                .filter(s -> s.optimizer().equals("erm"))
                .findFirst()
                .orElse(null);
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "Best: %s, with %.2f%% on the noisy validation split at its selected epoch",
                best.optimizer(),
                100 * best.selectedValidation().mean()));
        if (erm != null && erm != best) {
            text.append(String.format(
                    Locale.ROOT,
                    ", %+.2f points over plain training (erm); its test accuracy there is %.2f%% (%+.2f)",
                    100
                            * (best.selectedValidation().mean()
                                    - erm.selectedValidation().mean()),
                    100 * best.selectedTest().mean(),
                    100 * (best.selectedTest().mean() - erm.selectedTest().mean())));
        } else {
            text.append(String.format(
                    Locale.ROOT,
                    "; its test accuracy there is %.2f%%",
                    100 * best.selectedTest().mean()));
            if (erm == best && summaries.size() > 1) {
                text.append("; no sharpness-aware optimizer beat plain training here");
            }
        }
        text.append(".\n");
        if (erm != null && erm != best && erm.wallSeconds() > 0) {
            text.append(String.format(
                    Locale.ROOT,
                    "Cost: %s took %.2f× the training time of erm and %.2f× its forward/backward passes.%n",
                    best.optimizer(),
                    best.wallSeconds() / erm.wallSeconds(),
                    best.passes() / erm.passes()));
        }
        RunSummary other = erm != null && erm != best ? erm : runnerUp(summaries, best);
        if (other != null) {
            double gap = best.selectedValidation().mean()
                    - other.selectedValidation().mean();
            if (best.seeds() < 2 || other.seeds() < 2) {
                text.append(String.format(
                        Locale.ROOT,
                        "Spread: one seed, so a gap of %.2f points to %s may be seed noise; run --seeds 1,2,3 to "
                                + "tell.%n",
                        100 * gap,
                        other.optimizer()));
            } else {
                double standardError =
                        Math.sqrt(square(best.selectedValidation().std()) / best.seeds()
                                + square(other.selectedValidation().std()) / other.seeds());
                boolean real = gap > 2 * standardError;
                text.append(String.format(
                        Locale.ROOT,
                        "Spread: the gap of %.2f points to %s is %s the seed spread (standard deviations %.2f and "
                                + "%.2f over %d seeds; twice the standard error of the gap is %.2f).%n",
                        100 * gap,
                        other.optimizer(),
                        real ? "larger than" : "within",
                        100 * best.selectedValidation().std(),
                        100 * other.selectedValidation().std(),
                        best.seeds(),
                        200 * standardError));
            }
        }
        RunSummary trusted = null;
        for (RunSummary s : summaries) {
            if (s.selectedTrusted() != null
                    && (trusted == null
                            || s.selectedTrusted().mean()
                                    > trusted.selectedTrusted().mean())) {
                trusted = s;
            }
        }
        if (trusted != null) {
            text.append(String.format(
                    Locale.ROOT,
                    "Trusted labels: %s was most accurate on the hand-checked examples (%.2f%% at its selected epoch)"
                            + "%s.%n",
                    trusted.optimizer(),
                    100 * trusted.selectedTrusted().mean(),
                    trusted.finalTrustedMemorization() == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " and in the end fitted %.2f%% of the wrong given labels among them",
                                    100 * trusted.finalTrustedMemorization().mean())));
        }
        return text.toString();
    }

    private static RunSummary runnerUp(List<RunSummary> summaries, RunSummary best) {
        RunSummary second = null;
        for (RunSummary s : summaries) {
            if (s != best
                    && (second == null
                            || s.selectedValidation().mean()
                                    > second.selectedValidation().mean())) {
                second = s;
            }
        }
        return second;
    }

    private static double square(double x) {
        return x * x;
    }

    static void write(Path runDir, ExperimentResults results, List<String> charts) throws IOException {
        List<RunSummary> summaries = summaries(results);
        ExperimentConfig c = results.config;
        StringBuilder md = new StringBuilder();
        md.append("# dl4j-sam compare\n\n");
        if (c.protocol() != null) {
            md.append("Protocol `")
                    .append(c.protocol())
                    .append("` (options given on the command line take "
                            + "precedence; the settings below are what ran).\n\n");
        }
        md.append(String.format(
                Locale.ROOT,
                "%s, noise `%s`, model `%s`, %d epochs, batch %d, lr %s (%s), momentum %s, "
                        + "weight decay %s (%s), ρ = %s, SANER α = %s (warm-up %d epochs), seeds %s, training subset %s, "
                        + "noisy validation %.0f%%.%n%n",
                c.data().dataset(),
                c.data().noise(),
                c.training().model(),
                c.training().epochs(),
                c.training().batchSize(),
                c.training().learningRate(),
                c.training().lrSchedule(),
                c.training().momentum(),
                c.training().weightDecay(),
                c.training().weightDecayMode(),
                c.sam().rho(),
                c.sam().alpha(),
                c.sam().alphaWarmupEpochs(),
                c.seeds(),
                c.data().trainSize() == 0 ? "all" : Integer.toString(c.data().trainSize()),
                100 * c.data().validationFraction()));
        if (results.data != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "Data: %d training and %d test examples of %s; classes %s; normalization: %s.%n%n",
                    results.data.trainExamples(),
                    results.data.testExamples(),
                    results.data.exampleShape(),
                    ExperimentRunner.classList(results.data.classes()),
                    results.data.normalization()));
        }
        results.noise.forEach((seed, m) -> md.append(String.format(
                Locale.ROOT,
                "Seed %s: realised noise rate %.4f (%d of %d training labels).%n",
                seed,
                m.realisedRate(),
                m.noisyCount(),
                m.numExamples())));
        md.append("\n").append(table(summaries)).append("\n");
        md.append(recommendation(summaries)).append("\n");
        md.append("Selected epoch: best accuracy on the noisy validation split (labels stay noisy; the test set is "
                + "never used for selection). Memorization: accuracy on the noisy training examples w.r.t. their noisy "
                + "labels. Mean ± standard deviation over seeds.\n");
        for (RunSummary s : summaries) {
            if (s.collapsed()) {
                md.append(String.format(
                        Locale.ROOT,
                        "%n⚠ %s collapsed: its final clean-train accuracy is %.1f%%, near "
                                + "chance. Lower --lr or --rho.%n",
                        s.optimizer(),
                        100 * s.finalCleanTrain().mean()));
            }
        }
        md.append("\n");
        for (String chart : charts) {
            md.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        Files.writeString(runDir.resolve("report.md"), md, StandardCharsets.UTF_8);
    }
}

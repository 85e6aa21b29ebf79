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
        StringBuilder md = new StringBuilder();
        md.append(
                "| optimizer | test acc. at selected epoch (%) | best test (%) | final test (%) | final memorization (%) "
                        + "| SAM steps (%) | wall time (s) | time / ERM | passes / ERM |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunSummary s : summaries) {
            int n = s.seeds();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s%s | %s | %s | %s | %s | %.0f | %.0f | %s | %s |%n",
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
        }
        return md.toString();
    }

    static void write(Path runDir, ExperimentResults results, List<String> charts) throws IOException {
        List<RunSummary> summaries = summaries(results);
        ExperimentConfig c = results.config;
        StringBuilder md = new StringBuilder();
        md.append("# dl4j-sam compare\n\n");
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
        results.noise.forEach((seed, m) -> md.append(String.format(
                Locale.ROOT,
                "Seed %s: realised noise rate %.4f (%d of %d training labels).%n",
                seed,
                m.realisedRate(),
                m.noisyCount(),
                m.numExamples())));
        md.append("\n").append(table(summaries)).append("\n");
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

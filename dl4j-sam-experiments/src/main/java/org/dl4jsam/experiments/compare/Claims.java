package org.dl4jsam.experiments.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The seed papers' claims about SAM under label noise, checked against {@code compare} runs: one row per claim
 * with the paper's number, this project's measurement on each run (mean ± sample sd over the run's seeds of a paired
 * per-seed difference in best test accuracy, the papers' metric) and a verdict. The verdict rule, the same for every
 * run: with {@code m} and {@code s} the mean and sd of the per-seed differences and {@code τ = max(s, 0.5 points)},
 * a "better" claim is reproduced when {@code m > τ}, contradicted when {@code m < −τ}, and otherwise "not at this
 * scale"; an "as good as" claim is reproduced when {@code m ≥ −τ} and contradicted otherwise; a "keeps most of the
 * gain" claim compares the variant's mean gain over plain training with SAM's (a share of at least ½ keeps most of it)
 * and needs SAM's own gain to be reproduced first. SANER's claims are read twice: at the best epoch (the paper's
 * metric) and at the end of training, where its late-memorization effect shows.
 */
final class Claims {
    private Claims() {}

    /** Half a point of accuracy: below this a difference is not called one, whatever the seeds' spread. */
    static final double TOLERANCE = 0.005;

    /** One optimizer's per-seed values of a run. */
    record PerSeed(Map<Long, Double> values) {
        static PerSeed of(ExperimentResults results, String optimizer, Function<ExperimentResults.Run, Double> metric) {
            Map<Long, Double> values = new LinkedHashMap<>();
            for (ExperimentResults.Run run : results.runs) {
                if (run.optimizer.equals(optimizer) && run.completed && !run.epochs.isEmpty()) {
                    values.put(run.seed, metric.apply(run));
                }
            }
            return new PerSeed(values);
        }
    }

    /** Mean and sample sd of paired differences {@code a − b} over the seeds both have. */
    record Difference(double mean, double sd, int seeds) {
        static Difference of(PerSeed a, PerSeed b) {
            List<Double> d = new ArrayList<>();
            a.values().forEach((seed, value) -> {
                Double other = b.values().get(seed);
                if (other != null) {
                    d.add(value - other);
                }
            });
            RunSummary.Stat stat = RunSummary.Stat.of(d);
            return new Difference(stat.mean(), stat.std(), d.size());
        }

        double tolerance() {
            return Math.max(sd, TOLERANCE);
        }

        String points() {
            return seeds == 0 ? "–" : String.format(Locale.ROOT, "%+.2f ± %.2f", 100 * mean, 100 * sd);
        }
    }

    /** The verdicts. */
    enum Verdict {
        REPRODUCED("reproduced"),
        NOT_AT_THIS_SCALE("not at this scale"),
        CONTRADICTED("contradicted"),
        NOT_RUN("not run");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    static Verdict better(Difference d) {
        if (d.seeds() == 0) {
            return Verdict.NOT_RUN;
        }
        return d.mean() > d.tolerance()
                ? Verdict.REPRODUCED
                : d.mean() < -d.tolerance() ? Verdict.CONTRADICTED : Verdict.NOT_AT_THIS_SCALE;
    }

    static Verdict asGood(Difference d) {
        if (d.seeds() == 0) {
            return Verdict.NOT_RUN;
        }
        return d.mean() >= -d.tolerance() ? Verdict.REPRODUCED : Verdict.CONTRADICTED;
    }

    /** One run's cell of a claim: the measurement and its verdict. */
    record Cell(String measurement, Verdict verdict) {}

    /** A claim of a paper. */
    record Claim(String text, String source, String paperNumber, Function<ExperimentResults, Cell> check) {}

    static double bestTest(ExperimentResults.Run run) {
        return run.epochs.stream()
                .mapToDouble(ExperimentResults.Epoch::testAccuracy)
                .max()
                .orElse(Double.NaN);
    }

    static double finalMemorization(ExperimentResults.Run run) {
        return run.epochs.get(run.epochs.size() - 1).noisyLabelAccuracy();
    }

    static double secondPassShare(ExperimentResults.Run run) {
        return run.epochs.stream()
                .mapToDouble(ExperimentResults.Epoch::secondPassFraction)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN);
    }

    private static PerSeed best(ExperimentResults r, String optimizer) {
        return PerSeed.of(r, optimizer, Claims::bestTest);
    }

    private static double mean(PerSeed p) {
        return p.values().values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(Double.NaN);
    }

    private static PerSeed last(ExperimentResults r, String optimizer) {
        return PerSeed.of(
                r, optimizer, run -> run.epochs.get(run.epochs.size() - 1).testAccuracy());
    }

    private static String memorized(ExperimentResults r, String a, String b) {
        return String.format(
                Locale.ROOT,
                "memorized %.0f%% vs %.0f%%",
                100 * mean(PerSeed.of(r, a, Claims::finalMemorization)),
                100 * mean(PerSeed.of(r, b, Claims::finalMemorization)));
    }

    /** "As good as SAM with about half the second passes": the difference to SAM and the share of second passes. */
    private static Cell asGoodAsSam(ExperimentResults r, String variant, String label) {
        Difference d = Difference.of(best(r, variant), best(r, "sam"));
        return new Cell(
                String.format(
                        Locale.ROOT,
                        "%s − SAM %s at %.0f%% second passes",
                        label,
                        d.points(),
                        100 * mean(PerSeed.of(r, variant, Claims::secondPassShare))),
                asGood(d));
    }

    /**
     * "Keeps most of SAM's gain": each variant's gain over SGD as a share of SAM's (the ratio of the mean gains);
     * judged only where SAM's own gain is reproduced.
     */
    private static Verdict shareOfSamsGain(ExperimentResults r, String variant, double[] share) {
        Difference sam = Difference.of(best(r, "sam"), best(r, "erm"));
        Difference gain = Difference.of(best(r, variant), best(r, "erm"));
        if (sam.seeds() == 0 || gain.seeds() == 0) {
            return Verdict.NOT_RUN;
        }
        share[0] = gain.mean() / sam.mean();
        if (better(sam) != Verdict.REPRODUCED) {
            return Verdict.NOT_AT_THIS_SCALE;
        }
        return share[0] >= MOST_OF_THE_GAIN ? Verdict.REPRODUCED : Verdict.CONTRADICTED;
    }

    /** A share of SAM's gain from which a variant "keeps most of it". */
    static final double MOST_OF_THE_GAIN = 0.5;

    /** The claims, in the order of the table. */
    static List<Claim> all() {
        return List.of(
                new Claim(
                        "SAM resists label noise: it fits far fewer wrong labels and tests higher than SGD",
                        "Andriushchenko & Flammarion 2022 §4; Baek et al. 2024",
                        "gains of tens of points at high noise (Baek et al.)",
                        r -> {
                            Difference d = Difference.of(best(r, "sam"), best(r, "erm"));
                            Difference end = Difference.of(last(r, "sam"), last(r, "erm"));
                            return new Cell(
                                    "SAM − SGD " + d.points() + " (final " + end.points() + "); "
                                            + memorized(r, "sam", "erm"),
                                    better(d));
                        }),
                new Claim(
                        "SANER tests higher than SAM under label noise",
                        "Luong et al. 2024, Table 1",
                        "+1.03 (CIFAR-10, 25%), +5.17 (CIFAR-100, 50%)",
                        r -> {
                            Difference d = Difference.of(best(r, "saner"), best(r, "sam"));
                            return new Cell("SANER − SAM " + d.points(), better(d));
                        }),
                new Claim(
                        "SANER fits fewer wrong labels than SAM, so it ends higher",
                        "Luong et al. 2024, Fig. 1",
                        "lower noise accuracy than SAM through training (figure)",
                        r -> {
                            Difference d = Difference.of(last(r, "saner"), last(r, "sam"));
                            return new Cell(
                                    "final SANER − SAM " + d.points() + "; " + memorized(r, "saner", "sam"), better(d));
                        }),
                new Claim(
                        "AE-SAM reaches SAM's accuracy with about half the second passes",
                        "Jiang et al. 2023, Table 1 (clean labels)",
                        "≥ SAM at ≈ 50% SAM steps",
                        r -> asGoodAsSam(r, "ae-sam", "AE-SAM")),
                new Claim(
                        "AE-LookSAM matches SAM under label noise with about half the second passes",
                        "Jiang et al. 2023, Table 3",
                        "≈ SAM at ≈ 50% SAM steps",
                        r -> asGoodAsSam(r, "ae-looksam", "AE-LookSAM")),
                new Claim(
                        "J-SAM keeps most of SAM's gain, logit-SAM does not",
                        "Baek et al. 2024",
                        "J-SAM recovers most of SAM's gain (qualitative)",
                        r -> {
                            double[] j = {Double.NaN};
                            double[] logit = {Double.NaN};
                            Verdict jVerdict = shareOfSamsGain(r, "j-sam", j);
                            Verdict logitVerdict = shareOfSamsGain(r, "logit-sam", logit);
                            if (jVerdict == Verdict.NOT_RUN || logitVerdict == Verdict.NOT_RUN) {
                                return new Cell("–", Verdict.NOT_RUN);
                            }
                            String text = String.format(
                                    Locale.ROOT, "share of SAM's gain: J-SAM %.2f, logit-SAM %.2f", j[0], logit[0]);
                            Verdict v = jVerdict == Verdict.NOT_AT_THIS_SCALE
                                    ? Verdict.NOT_AT_THIS_SCALE
                                    : jVerdict == Verdict.REPRODUCED && logitVerdict == Verdict.CONTRADICTED
                                            ? Verdict.REPRODUCED
                                            : Verdict.CONTRADICTED;
                            return new Cell(text, v);
                        }),
                new Claim(
                        "Regularized SGD keeps most of SAM's gain at SGD's cost",
                        "Baek et al. 2024",
                        "largely recovers SAM's benefit (qualitative)",
                        r -> {
                            double[] share = {Double.NaN};
                            Verdict v = shareOfSamsGain(r, "rsgd", share);
                            Difference d = Difference.of(best(r, "rsgd"), best(r, "sam"));
                            return new Cell(
                                    String.format(
                                            Locale.ROOT,
                                            "share of SAM's gain %.2f (rsgd − SAM %s)",
                                            share[0],
                                            d.points()),
                                    v);
                        }));
    }

    /**
     * @param runs the runs by the name their column carries (e.g. demo, long)
     * @return the claims table in markdown
     */
    static String table(Map<String, ExperimentResults> runs) {
        StringBuilder md = new StringBuilder("| claim | paper | paper's number |");
        runs.keySet().forEach(name -> md.append(' ').append(name).append(" | verdict |"));
        md.append("\n|---|---|---|");
        runs.keySet().forEach(name -> md.append("---|---|"));
        md.append('\n');
        for (Claim claim : all()) {
            md.append("| ")
                    .append(claim.text())
                    .append(" | ")
                    .append(claim.source())
                    .append(" | ")
                    .append(claim.paperNumber())
                    .append(" |");
            for (ExperimentResults results : runs.values()) {
                Cell cell = claim.check().apply(results);
                md.append(' ')
                        .append(cell.verdict() == Verdict.NOT_RUN ? "–" : cell.measurement())
                        .append(" | ")
                        .append(cell.verdict().text)
                        .append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }
}

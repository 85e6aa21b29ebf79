package org.dl4jsam.experiments.linear;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-sam linear}: Andriushchenko &amp; Flammarion (2022)'s linear experiment over many seeds — ERM against
 * SumMax SAM on two Gaussians with 90% of the labels redrawn; a table and a chart of test error per iteration,
 * over all seeds and over the seeds whose noisy labels still correlate with the truth.
 */
@Command(
        name = "linear",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Logistic regression on two Gaussians with redrawn labels: full-batch GD vs SumMax SAM.")
public final class LinearCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(names = "--seeds", description = "number of draws (seeds 1..N)")
    int seeds = 200;

    @Option(names = "--dimension")
    int dimension = 100;

    @Option(names = "--train-size")
    int train = 50;

    @Option(names = "--test-size")
    int test = 2000;

    @Option(names = "--sigma")
    double sigma = 0.1;

    @Option(names = "--redrawn", description = "fraction of training labels redrawn uniformly")
    double redrawn = 0.9;

    @Option(names = "--rho", description = "SumMax SAM's ρ")
    double rho = 5.0;

    @Option(names = "--lr")
    double learningRate = 2.0;

    @Option(names = "--iterations")
    int iterations = 50;

    @Option(names = "--out", description = "new output directory (default: runs/linear-SEEDS)")
    Path out;

    /** Mean test error per iteration of one method over a group of seeds, and its final/best statistics. */
    private record Curve(double[] mean, double finalMean, double finalStd, double bestMean) {
        static Curve of(List<double[]> runs) {
            int length = runs.get(0).length;
            double[] mean = new double[length];
            for (double[] run : runs) {
                for (int t = 0; t < length; t++) {
                    mean[t] += run[t] / runs.size();
                }
            }
            double finalMean = mean[length - 1];
            double variance = 0;
            double best = 0;
            for (double[] run : runs) {
                variance += Math.pow(run[length - 1] - finalMean, 2) / Math.max(1, runs.size() - 1);
                double min = Double.POSITIVE_INFINITY;
                for (double v : run) {
                    min = Math.min(min, v);
                }
                best += min / runs.size();
            }
            return new Curve(mean, finalMean, Math.sqrt(variance), best);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (seeds < 1 || iterations < 1 || !(learningRate > 0) || !(rho > 0)) {
            throw new IllegalArgumentException("--seeds and --iterations must be ≥ 1, --lr and --rho > 0");
        }
        Path dir = out != null ? out : Path.of("runs", "linear-" + seeds);
        if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString(), null, "output directory exists; choose another --out");
        }
        LinearExperiment erm = new LinearExperiment(0, learningRate, iterations);
        LinearExperiment sam = new LinearExperiment(rho, learningRate, iterations);
        List<double[]> ermAll = new ArrayList<>();
        List<double[]> samAll = new ArrayList<>();
        List<double[]> ermSignal = new ArrayList<>();
        List<double[]> samSignal = new ArrayList<>();
        int samBetter = 0;
        int samBetterSignal = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            LinearProblem problem = LinearProblem.draw(seed, dimension, train, test, sigma, redrawn);
            double[] e = erm.testErrors(problem, seed);
            double[] s = sam.testErrors(problem, seed);
            ermAll.add(e);
            samAll.add(s);
            boolean better = s[iterations] < e[iterations];
            samBetter += better ? 1 : 0;
            if (problem.labelCorrelation() > 0) {
                ermSignal.add(e);
                samSignal.add(s);
                samBetterSignal += better ? 1 : 0;
            }
        }
        Files.createDirectories(dir);
        StringBuilder table = new StringBuilder();
        table.append(String.format(
                Locale.ROOT,
                "Linear experiment: d = %d, n = %d, σ = %s, %.0f%% of labels redrawn, logistic regression, full-batch GD "
                        + "%d iterations at lr %s from radius 1/3; SumMax SAM ρ = %s; test error on %d clean points.%n%n",
                dimension,
                train,
                sigma,
                100 * redrawn,
                iterations,
                learningRate,
                rho,
                test));
        table.append(
                "| seeds | n | method | final test error (%) | best test error over iterations (%) | SAM < ERM at the end |\n");
        table.append("|---|---:|---|---:|---:|---:|\n");
        row(table, "all", ermAll, samAll, samBetter);
        if (!ermSignal.isEmpty()) {
            row(table, "noisy labels correlate with the truth", ermSignal, samSignal, samBetterSignal);
        }
        Files.writeString(dir.resolve("linear.md"), table.toString(), StandardCharsets.UTF_8);
        chart(dir.resolve("linear-test-error.png"), ermAll, samAll, ermSignal, samSignal);
        out().print(table);
        out().println("wrote " + dir + " (linear.md, linear-test-error.png)");
        return 0;
    }

    private static void row(StringBuilder table, String group, List<double[]> erm, List<double[]> sam, int better) {
        Curve e = Curve.of(erm);
        Curve s = Curve.of(sam);
        table.append(String.format(
                Locale.ROOT,
                "| %s | %d | ERM | %.2f ± %.2f | %.2f | |%n| | | SumMax SAM | %.2f ± %.2f | %.2f | %d of %d |%n",
                group,
                erm.size(),
                100 * e.finalMean(),
                100 * e.finalStd(),
                100 * e.bestMean(),
                100 * s.finalMean(),
                100 * s.finalStd(),
                100 * s.bestMean(),
                better,
                erm.size()));
    }

    private void chart(
            Path file, List<double[]> ermAll, List<double[]> samAll, List<double[]> ermSignal, List<double[]> samSignal)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(540)
                .title("Test error per iteration (" + ermAll.size() + " seeds)")
                .xAxisTitle("iteration")
                .yAxisTitle("test error (%)")
                .build();
        double[] x = new double[iterations + 1];
        for (int t = 0; t <= iterations; t++) {
            x[t] = t;
        }
        add(chart, "ERM, all seeds", x, Curve.of(ermAll).mean());
        add(chart, "SumMax SAM, all seeds", x, Curve.of(samAll).mean());
        if (!ermSignal.isEmpty()) {
            add(
                    chart,
                    "ERM, correlated labels (" + ermSignal.size() + ")",
                    x,
                    Curve.of(ermSignal).mean());
            add(
                    chart,
                    "SumMax SAM, correlated labels (" + samSignal.size() + ")",
                    x,
                    Curve.of(samSignal).mean());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart chart, String name, double[] x, double[] mean) {
        double[] percent = new double[mean.length];
        for (int t = 0; t < mean.length; t++) {
            percent[t] = 100 * mean[t];
        }
        chart.addSeries(name, x, percent).setMarker(SeriesMarkers.NONE);
    }
}

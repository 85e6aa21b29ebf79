package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG charts of a compare run: one line per optimizer against epochs — the mean over seeds, with error bars of
 * one sample standard deviation when there are several.
 */
final class Charts {
    private Charts() {}

    private record Metric(String file, String title, String axis, ToDoubleFunction<ExperimentResults.Epoch> value) {}

    private static final List<Metric> METRICS = List.of(
            new Metric("test-accuracy.png", "Test accuracy", "test accuracy (%)", e -> 100 * e.testAccuracy()),
            new Metric(
                    "memorization.png",
                    "Memorization: noisy-label accuracy on noisy training examples",
                    "noisy-train accuracy (%)",
                    e -> 100 * e.noisyLabelAccuracy()),
            new Metric(
                    "clean-noisy-gap.png",
                    "Clean-train accuracy minus memorization",
                    "gap (percentage points)",
                    e -> 100 * e.cleanNoisyGap()),
            new Metric("train-loss.png", "Training loss L(w)", "loss", ExperimentResults.Epoch::trainLoss));

    /** Write the charts and return their file names. */
    static List<String> write(Path runDir, ExperimentResults results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();
        for (Metric metric : METRICS) {
            XYChart chart = new XYChartBuilder()
                    .width(900)
                    .height(540)
                    .title(metric.title())
                    .xAxisTitle("epoch")
                    .yAxisTitle(metric.axis())
                    .build();
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            chart.getStyler().setErrorBarsColorSeriesColor(true);
            for (String optimizer : results.config.optimizers()) {
                List<ExperimentResults.Run> runs = results.runs.stream()
                        .filter(r -> r.optimizer.equals(optimizer) && !r.epochs.isEmpty())
                        .toList();
                int epochs = runs.stream().mapToInt(r -> r.epochs.size()).min().orElse(0);
                if (epochs == 0) {
                    continue;
                }
                double[] x = new double[epochs];
                double[] y = new double[epochs];
                double[] spread = new double[epochs];
                for (int e = 0; e < epochs; e++) {
                    int index = e;
                    x[e] = e + 1;
                    RunSummary.Stat stat = RunSummary.Stat.of(runs.stream()
                            .map(r -> metric.value().applyAsDouble(r.epochs.get(index)))
                            .toList());
                    y[e] = stat.mean();
                    spread[e] = stat.std();
                }
                (runs.size() > 1 ? chart.addSeries(optimizer, x, y, spread) : chart.addSeries(optimizer, x, y))
                        .setMarker(SeriesMarkers.NONE);
            }
            BitmapEncoder.saveBitmap(chart, runDir.resolve(metric.file()).toString(), BitmapEncoder.BitmapFormat.PNG);
            files.add(metric.file());
        }
        return files;
    }
}

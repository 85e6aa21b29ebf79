package org.dl4jsam.experiments.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The summary of one optimizer over its seeds, as the report shows it: test accuracy at the epoch
 * chosen on the noisy validation split (the last epoch when there is none), best and final test accuracy, final memorization,
 * fraction of SAM steps, wall time and passes; mean and sample standard deviation over seeds. With trusted
 * labels: true accuracy at the selected epoch and final memorization of the wrong given labels among them.
 */
record RunSummary(
        String optimizer,
        int seeds,
        Stat selectedValidation,
        Stat selectedTest,
        Stat bestTest,
        Stat finalTest,
        Stat finalMemorization,
        Stat finalCleanTrain,
        double secondPassFraction,
        double wallSeconds,
        double passes,
        boolean collapsed,
        Stat selectedTrusted,
        Stat finalTrustedMemorization) {

    /** Mean and sample standard deviation (0 for one value). */
    record Stat(double mean, double std) {
        static Stat of(List<Double> values) {
            double mean =
                    values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss =
                    values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return new Stat(mean, values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0.0);
        }

        String percent(int seeds) {
            if (Double.isNaN(mean)) {
                return "–";
            }
            return seeds > 1 ? String.format("%.2f ± %.2f", 100 * mean, 100 * std) : String.format("%.2f", 100 * mean);
        }
    }

    static RunSummary of(String optimizer, List<ExperimentResults.Run> runs, int numClasses) {
        List<Double> validation = new ArrayList<>();
        List<Double> trusted = new ArrayList<>();
        List<Double> trustedMemorization = new ArrayList<>();
        List<Double> selected = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        List<Double> last = new ArrayList<>();
        List<Double> memorization = new ArrayList<>();
        List<Double> clean = new ArrayList<>();
        double wall = 0;
        double passes = 0;
        double fractionSum = 0;
        long epochCount = 0;
        for (ExperimentResults.Run run : runs) {
            List<ExperimentResults.Epoch> epochs = run.epochs;
            ExperimentResults.Epoch chosen = epochs.get(0);
            double bestTest = Double.NEGATIVE_INFINITY;
            for (ExperimentResults.Epoch e : epochs) {
                if (e.noisyValidationAccuracy() > chosen.noisyValidationAccuracy()) {
                    chosen = e;
                }
                bestTest = Math.max(bestTest, e.testAccuracy());
                if (!Double.isNaN(e.secondPassFraction())) { // epochs have equal step counts
                    fractionSum += e.secondPassFraction();
                    epochCount++;
                }
            }
            ExperimentResults.Epoch end = epochs.get(epochs.size() - 1);
            if (Double.isNaN(chosen.noisyValidationAccuracy())) {
                chosen = end; // no validation split (--validation-fraction 0): nothing to select by, the last epoch
            }
            validation.add(chosen.noisyValidationAccuracy());
            selected.add(chosen.testAccuracy());
            if (chosen.trustedAccuracy() != null) {
                trusted.add(chosen.trustedAccuracy());
            }
            if (end.trustedMemorization() != null) {
                trustedMemorization.add(end.trustedMemorization());
            }
            best.add(bestTest);
            last.add(end.testAccuracy());
            memorization.add(end.noisyLabelAccuracy());
            clean.add(end.cleanTrainAccuracy());
            wall += run.wallSeconds();
            passes += run.passes();
        }
        Stat cleanStat = Stat.of(clean);
        return new RunSummary(
                optimizer,
                runs.size(),
                Stat.of(validation),
                Stat.of(selected),
                Stat.of(best),
                Stat.of(last),
                Stat.of(memorization),
                cleanStat,
                epochCount == 0 ? 0 : fractionSum / epochCount,
                wall / runs.size(),
                passes / runs.size(),
                cleanStat.mean() < 1.5 / numClasses,
                trusted.isEmpty() ? null : Stat.of(trusted),
                trustedMemorization.isEmpty() ? null : Stat.of(trustedMemorization));
    }
}

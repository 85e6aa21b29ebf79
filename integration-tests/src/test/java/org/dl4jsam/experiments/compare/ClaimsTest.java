package org.dl4jsam.experiments.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dl4jsam.experiments.DlSamCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claims table on made-up runs whose differences are chosen by hand: every verdict of the rule (reproduced, not
 * at this scale, contradicted, not run), the mean ± sd of paired differences, the gain shares, and the command that
 * writes the table between the markers of a file.
 */
class ClaimsTest {
    private static final List<String> OPTIMIZERS =
            List.of("erm", "sam", "saner", "ae-sam", "ae-looksam", "j-sam", "logit-sam", "rsgd");

    /** Best test accuracy of each optimizer for seeds 1, 2, 3. */
    private static ExperimentResults results(Map<String, double[]> best) {
        ExperimentConfig base = ExperimentConfigJsonTest.config();
        ExperimentResults results = new ExperimentResults(new ExperimentConfig(
                base.data(),
                base.training(),
                base.sam(),
                List.copyOf(best.keySet()),
                List.of(1L, 2L, 3L),
                null,
                "demo",
                1));
        for (ExperimentResults.Run run : results.runs) {
            double peak = best.get(run.optimizer)[(int) run.seed - 1];
            double second = run.optimizer.startsWith("ae-") ? 0.5 : run.optimizer.equals("erm") ? 0 : 1;
            run.epochs.add(epoch(1, peak, 0.1, second));
            double end = peak - (run.optimizer.equals("saner") ? 0.01 : 0.05); // SANER keeps 4 points more at the end
            run.epochs.add(epoch(2, end, run.optimizer.equals("erm") ? 0.6 : 0.2, second));
            run.completed = true;
        }
        return results;
    }

    private static ExperimentResults.Epoch epoch(int n, double test, double memorized, double second) {
        return new ExperimentResults.Epoch(
                n, 1.0, memorized, 0.5, 0.9, 0.4, 0.5, test, 10, second, 1.0, null, null, null, null);
    }

    private static Map<String, double[]> scenario() {
        Map<String, double[]> best = new LinkedHashMap<>();
        best.put("erm", new double[] {0.70, 0.71, 0.72});
        best.put("sam", new double[] {0.75, 0.77, 0.76}); //        SAM − SGD: 5, 6, 4 points → +5.00 ± 1.00
        best.put("saner", new double[] {0.752, 0.768, 0.761}); //    +0.2, −0.2, +0.1 → no difference
        best.put("ae-sam", new double[] {0.72, 0.74, 0.73}); //     −3 points each: worse than SAM
        best.put("ae-looksam", new double[] {0.749, 0.771, 0.76}); // as good as SAM
        best.put("j-sam", new double[] {0.74, 0.75, 0.76}); //      gain 4 of SAM's 5: share 0.80
        best.put("logit-sam", new double[] {0.71, 0.72, 0.73}); //  gain 1: share 0.20
        best.put("rsgd", new double[] {0.72, 0.74, 0.73}); //       −3 points: not close to SAM
        return best;
    }

    private static String row(String table, String claimStart) {
        return table.lines()
                .filter(l -> l.startsWith("| " + claimStart))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyClaimGetsItsMeasurementAndVerdict() {
        String table = Claims.table(Map.of("demo", results(scenario())));
        String sam = row(table, "SAM resists");
        assertTrue(sam.contains("SAM − SGD +5.00 ± 1.00 (final +5.00 ± 1.00); memorized 20% vs 60%"), sam);
        assertTrue(sam.endsWith("| reproduced |"), sam);
        assertTrue(row(table, "SANER tests").endsWith("| not at this scale |"), row(table, "SANER tests"));
        String late = row(table, "SANER fits");
        assertTrue(late.contains("final SANER − SAM +4.03 ± 0.21"), late); // +4.2, +3.8, +4.1 points
        assertTrue(late.endsWith("| reproduced |"), late);
        String ae = row(table, "AE-SAM");
        assertTrue(ae.contains("AE-SAM − SAM -3.00 ± 0.00 at 50% second passes"), ae);
        assertTrue(ae.endsWith("| contradicted |"), ae);
        assertTrue(row(table, "AE-LookSAM").endsWith("| reproduced |"), row(table, "AE-LookSAM"));
        String mechanism = row(table, "J-SAM");
        assertTrue(mechanism.contains("J-SAM 0.80, logit-SAM 0.20"), mechanism);
        assertTrue(mechanism.endsWith("| reproduced |"), mechanism);
        String rsgd = row(table, "Regularized SGD");
        assertTrue(rsgd.contains("share of SAM's gain 0.40 (rsgd − SAM -3.00 ± 0.00)"), rsgd);
        assertTrue(rsgd.endsWith("| contradicted |"), rsgd);
    }

    @Test
    void theRuleSaysContradictedAndNotRunWhereTheRunsSaySo() {
        Map<String, double[]> best = scenario();
        best.put("saner", new double[] {0.72, 0.73, 0.74}); // 3 points below SAM on every seed
        best.put("j-sam", new double[] {0.705, 0.715, 0.725}); // share 0.10
        best.remove("rsgd");
        String table = Claims.table(Map.of("long", results(best)));
        assertTrue(row(table, "SANER tests").endsWith("| contradicted |"), row(table, "SANER tests"));
        assertTrue(row(table, "J-SAM").endsWith("| contradicted |"), row(table, "J-SAM"));
        assertTrue(row(table, "Regularized SGD").endsWith("| – | not run |"), row(table, "Regularized SGD"));
    }

    @Test
    void theDifferenceIsPairedBySeed() {
        Claims.PerSeed a = new Claims.PerSeed(Map.of(1L, 0.8, 2L, 0.6, 3L, 0.7));
        Claims.PerSeed b = new Claims.PerSeed(Map.of(1L, 0.7, 2L, 0.5, 3L, 0.6, 4L, 0.0));
        Claims.Difference d = Claims.Difference.of(a, b); // 0.1 on each shared seed: sd 0, seed 4 unmatched
        assertEquals(0.1, d.mean(), 1e-12);
        assertEquals(0.0, d.sd(), 1e-12);
        assertEquals(3, d.seeds());
        assertEquals(Claims.Verdict.REPRODUCED, Claims.better(d));
        assertEquals(
                Claims.Verdict.NOT_AT_THIS_SCALE,
                Claims.better(new Claims.Difference(0.004, 0.001, 3)),
                "below half a point nothing is called a difference");
    }

    @Test
    void theCommandWritesTheTableBetweenTheMarkers(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        results(scenario()).write(run);
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Title\n" + ClaimsCommand.BEGIN + "\nold\n" + ClaimsCommand.END + "\ntail\n");
        assertEquals(0, DlSamCommand.run("claims", run.toString(), "--write", readme.toString()));
        String text = Files.readString(readme);
        assertTrue(text.startsWith("# Title\n" + ClaimsCommand.BEGIN + "\n| claim |"), text);
        assertTrue(text.contains("| demo (3 seeds) | verdict |"), text);
        assertTrue(text.endsWith(ClaimsCommand.END + "\ntail\n") && !text.contains("old"), text);

        Path unmarked = dir.resolve("plain.md");
        Files.writeString(unmarked, "no markers\n");
        assertEquals(2, DlSamCommand.run("claims", run.toString(), "--write", unmarked.toString()));
        assertEquals("no markers\n", Files.readString(unmarked), "a file without the markers is left as it was");
    }
}

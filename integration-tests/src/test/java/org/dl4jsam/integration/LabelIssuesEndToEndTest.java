package org.dl4jsam.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dl4jsam.experiments.DlSamCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dl4j-sam label-issues} end to end on tiny generated data: an image folder with injected noise (ranking,
 * measurement against the changed labels, confident learning, the suspects picture), a CSV file measured against
 * trusted labels, and the bad options.
 */
class LabelIssuesEndToEndTest {
    @TempDir
    static Path fixtures;

    static Path images;
    static Path table;

    @BeforeAll
    static void makeData() throws IOException {
        images = OwnDataFixtures.imageFolder(fixtures.resolve("images"), 20, 12, 1);
        table = OwnDataFixtures.csv(fixtures.resolve("table.csv"), 30, 2);
    }

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        List<String> all =
                new ArrayList<>(List.of("label-issues", "--epochs", "2", "--batch-size", "16", "--lr", "0.05"));
        if (!List.of(args).contains("--folds")) {
            all.addAll(List.of("--folds", "2"));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DlSamCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void anImageFolderWithInjectedNoiseIsRankedMeasuredAndPictured(@TempDir Path runs) throws IOException {
        Path dir = runs.resolve("issues");
        Outcome outcome = run("--dataset", "images:" + images, "--noise", "symmetric:0.3", "--out", dir.toString());
        assertEquals(0, outcome.code(), outcome.err());
        List<String> csv = Files.readAllLines(dir.resolve("label_issues.csv"));
        assertEquals(
                "rank,id,given,suggested,score,aum,loss,self_confidence,confident_learning_flagged,wrong", csv.get(0));
        assertEquals(60 + 1, csv.size(), "every example once, the test split's too");
        Set<String> ids = new HashSet<>();
        int wrong = 0;
        double previous = Double.POSITIVE_INFINITY;
        for (int r = 1; r < csv.size(); r++) {
            String[] cells = csv.get(r).split(",");
            assertEquals(Integer.toString(r), cells[0]);
            ids.add(cells[1]);
            assertTrue(cells[1].matches("bars-[a-z]+/img\\d{3}\\.(png|jpg)"), "ids are file paths: " + cells[1]);
            assertFalse(cells[2].equals(cells[3]), "the suggestion is another class");
            double score = Double.parseDouble(cells[4]);
            assertTrue(score <= previous, "most suspect first");
            previous = score;
            wrong += Integer.parseInt(cells[9]);
        }
        assertEquals(60, ids.size());
        assertEquals(Math.round(0.3 * 60), wrong, "the changed labels are marked");
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("Measured against the " + wrong + " changed labels"), report);
        assertTrue(report.contains("| sam | 1 |"), report);
        assertTrue(report.contains("| erm | 1 |"), report);
        assertTrue(report.contains("| confident learning (K = 2) | 2 |"), report);
        assertTrue(Files.size(dir.resolve("suspects.png")) > 1000, "the picture of the top suspects");
        assertTrue(outcome.out().contains("| sam | 1 |"), "the table on the console: " + outcome.out());
    }

    @Test
    void trustedLabelsAreTheTruthOnACsvFile(@TempDir Path runs) throws IOException {
        List<String> lines = Files.readAllLines(table);
        StringBuilder trusted = new StringBuilder();
        for (int line = 2; line <= 40; line++) {
            String label = lines.get(line - 1).split(",")[2];
            trusted.append(line)
                    .append(',')
                    .append(line % 4 == 0 ? "setosa" : label)
                    .append('\n');
        }
        Path file = Files.writeString(runs.resolve("trusted.csv"), trusted);
        Path dir = runs.resolve("csv");
        Outcome outcome = run(
                "--dataset",
                "csv:" + table,
                "--label-column",
                "species",
                "--trusted-labels",
                file.toString(),
                "--methods",
                "robust",
                "--out",
                dir.toString());
        assertEquals(0, outcome.code(), outcome.err());
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("hand-checked training examples"), report);
        assertFalse(Files.exists(dir.resolve("suspects.png")), "no picture for a table");
        assertTrue(Files.readAllLines(dir.resolve("label_issues.csv")).get(1).matches("1,\\d+,\\w+,\\w+,.*"));
    }

    @Test
    void badOptionsAreRefusedBeforeTraining(@TempDir Path runs) {
        for (String[] bad : List.of(
                new String[] {"--folds", "1", "needs K ≥ 2"},
                new String[] {"--signal", "entropy", "unknown signal 'entropy'; use aum, loss"},
                new String[] {"--methods", "coteaching", "--methods coteaching is unknown"})) {
            List<String> args = new ArrayList<>(List.of(
                    "--dataset", "images:" + images, "--out", runs.resolve("x").toString()));
            args.addAll(List.of(bad[0], bad[1]));
            Outcome outcome = run(args.toArray(String[]::new));
            assertEquals(2, outcome.code(), String.join(" ", bad) + ": " + outcome.err());
            assertTrue(outcome.err().contains(bad[2]), outcome.err());
            assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
            assertFalse(Files.exists(runs.resolve("x")));
        }
        Outcome tooMany = run(
                "--dataset",
                "images:" + images,
                "--folds",
                "999",
                "--out",
                runs.resolve("y").toString());
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("--folds 999 exceeds the 60 training examples"), tooMany.err());
    }
}

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
import java.util.List;
import java.util.Random;
import org.dl4jsam.experiments.DlSamCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code compare} on a user's own data, as a DL4J user runs it: an image folder (PNG and JPEG, one sub-folder per
 * class), a CSV file with a named label column, the user's own {@code ModelSerializer} zip, injected noise on
 * top, an interrupted and resumed run; and the bad inputs, each refused before anything is written.
 */
class OwnDataEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 12;

    @TempDir
    static Path fixtures;

    static Path images;
    static Path table;
    static Path mlp;

    @BeforeAll
    static void makeData() throws IOException {
        images = OwnDataFixtures.imageFolder(fixtures.resolve("images"), 30, SIZE, 1);
        table = OwnDataFixtures.csv(fixtures.resolve("iris-like.csv"), 40, 2);
        mlp = OwnDataFixtures.mlpModel(fixtures.resolve("mlp.zip"), SIZE, 3);
    }

    private record Outcome(int code, String out, String err) {}

    private static Outcome compare(Path runDir, String... options) {
        List<String> args =
                new ArrayList<>(List.of("compare", "--no-progress", "--batch-size", "16", "--out", runDir.toString()));
        if (!List.of(options).contains("--lr")) {
            args.addAll(List.of("--lr", "0.05"));
        }
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                DlSamCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Outcome(code, out.toString(), err.toString());
    }

    private static JsonNode results(Path runDir) throws IOException {
        return JSON.readTree(runDir.resolve("results.json").toFile());
    }

    private static double lastTestAccuracy(JsonNode results, int run) {
        JsonNode epochs = results.get("runs").get(run).get("epochs");
        return epochs.get(epochs.size() - 1).get("testAccuracy").asDouble();
    }

    @Test
    void anImageFolderTrainsWithItsLabelsAsGivenAndItsClassesReported(@TempDir Path runs) throws IOException {
        Path run = runs.resolve("images");
        Outcome outcome = compare(
                run, "--dataset", "images:" + images, "--epochs", "3", "--optimizers", "erm,sam", "--model", "cnn");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(
                outcome.out()
                        .contains("72 training (10% held out as noisy validation) and 18 test examples of 1×12×12"),
                outcome.out());
        assertTrue(outcome.out().contains("classes: 0 = bars-bottom, 1 = bars-middle, 2 = bars-top"), outcome.out());
        assertTrue(outcome.out().contains("noise none"), "own data: labels as given by default: " + outcome.out());
        JsonNode results = results(run);
        assertEquals(
                "images:" + images,
                results.get("config").get("data").get("dataset").asText());
        assertEquals(0.0, results.get("noise").get("1").get("realised_rate").asDouble(), 0.0);
        assertTrue(lastTestAccuracy(results, 0) >= 0.9, "the bars are easy: " + results.get("runs"));
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("bars-bottom"), "the report names the classes");
    }

    @Test
    void aUserModelTrainsUnderInjectedNoiseAndAnInterruptedRunResumesToTheSameNumbers(@TempDir Path runs)
            throws IOException {
        String[] options = {
            "--dataset",
            "images:" + images,
            "--model-file",
            mlp.toString(),
            "--noise",
            "symmetric:0.3",
            "--epochs",
            "3",
            "--optimizers",
            "erm,sam"
        };
        Path straight = runs.resolve("straight");
        Outcome full = compare(straight, options);
        assertEquals(0, full.code(), full.err());
        JsonNode results = results(straight);
        assertEquals(0.3, results.get("noise").get("1").get("realised_rate").asDouble(), 0.02);
        assertTrue(results.get("config").get("training").get("model").asText().startsWith("file:"));

        Path interrupted = runs.resolve("interrupted");
        List<String> stopped = new ArrayList<>(List.of(options));
        stopped.addAll(List.of("--stop-after", "4"));
        Outcome first = compare(interrupted, stopped.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("--resume"), first.out());
        StringWriter out = new StringWriter();
        int code = DlSamCommand.run(
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true),
                "compare",
                "--resume",
                interrupted.toString(),
                "--no-progress");
        assertEquals(0, code, out.toString());
        JsonNode resumed = results(interrupted);
        for (int r = 0; r < 2; r++) {
            JsonNode a = results.get("runs").get(r).get("epochs");
            JsonNode b = resumed.get("runs").get(r).get("epochs");
            assertEquals(a.size(), b.size());
            for (int e = 0; e < a.size(); e++) {
                for (String metric : List.of("trainLoss", "testAccuracy", "noisyLabelAccuracy")) {
                    assertEquals(
                            a.get(e).get(metric).asDouble(),
                            b.get(e).get(metric).asDouble(),
                            0.0,
                            metric + " of run " + r + ", epoch " + (e + 1));
                }
            }
        }
    }

    @Test
    void streamedImagesTrainToTheSameNumbersAsImagesHeldInMemory(@TempDir Path runs) throws IOException {
        String[] options = {"--dataset", "images:" + images, "--epochs", "2", "--optimizers", "erm"};
        Path held = runs.resolve("held");
        assertEquals(0, compare(held, options).code());
        List<String> streamed = new ArrayList<>(List.of(options));
        streamed.add("--stream");
        Path fromDisk = runs.resolve("streamed");
        Outcome outcome = compare(fromDisk, streamed.toArray(String[]::new));
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("images read from disk every minibatch (--stream"), outcome.out());
        JsonNode a = results(held).get("runs").get(0).get("epochs");
        JsonNode b = results(fromDisk).get("runs").get(0).get("epochs");
        for (int e = 0; e < 2; e++) {
            for (String metric :
                    List.of("trainLoss", "testAccuracy", "noisyValidationAccuracy", "cleanTrainAccuracy")) {
                assertEquals(
                        a.get(e).get(metric).asDouble(), b.get(e).get(metric).asDouble(), 0.0, metric);
            }
        }
    }

    @Test
    void aSeparateTestFolderOrFileReplacesTheSplit(@TempDir Path runs) throws IOException {
        Path testImages = OwnDataFixtures.imageFolder(runs.resolve("test-images"), 10, SIZE, 21);
        Outcome folder = compare(
                runs.resolve("images"),
                "--dataset",
                "images:" + images,
                "--test-data",
                testImages.toString(),
                "--epochs",
                "1",
                "--optimizers",
                "erm");
        assertEquals(0, folder.code(), folder.err());
        assertTrue(
                folder.out().contains("90 training (10% held out as noisy validation) and 30 test examples"),
                folder.out());
        Path testTable = OwnDataFixtures.csv(runs.resolve("test.csv"), 5, 22);
        Outcome file = compare(
                runs.resolve("csv"),
                "--dataset",
                "csv:" + table,
                "--label-column",
                "species",
                "--test-data",
                testTable.toString(),
                "--epochs",
                "1",
                "--optimizers",
                "erm");
        assertEquals(0, file.code(), file.err());
        assertTrue(
                file.out().contains("120 training (10% held out as noisy validation) and 15 test examples"),
                file.out());
    }

    @Test
    void aCsvFileTrainsOnItsNamedLabelColumnWithTheMlp(@TempDir Path runs) throws IOException {
        Path run = runs.resolve("csv");
        Outcome outcome = compare(
                run, "--dataset", "csv:" + table, "--label-column", "species", "--epochs", "3", "--optimizers", "erm");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("of 4 features"), outcome.out());
        assertTrue(outcome.out().contains("model mlp"), outcome.out());
        assertTrue(outcome.out().contains("classes: 0 = setosa, 1 = versicolor, 2 = virginica"), outcome.out());
        assertTrue(lastTestAccuracy(results(run), 0) >= 0.9, "separated clusters");
    }

    @Test
    void trustedLabelsGiveTrueAccuracyAndMemorizationAndTheReportRecommends(@TempDir Path runs) throws IOException {
        // CSV ids are line numbers: rows 2 … 121; the data's own labels are right, so every trusted label agrees
        List<String> lines = Files.readAllLines(table);
        StringBuilder trusted = new StringBuilder("id,label\n");
        for (int line = 2; line <= 61; line++) {
            trusted.append(line)
                    .append(',')
                    .append(lines.get(line - 1).split(",")[2])
                    .append('\n');
        }
        Path file = Files.writeString(runs.resolve("trusted.csv"), trusted);
        Path run = runs.resolve("trusted");
        Outcome outcome = compare(
                run,
                "--dataset",
                "csv:" + table,
                "--label-column",
                "species",
                "--epochs",
                "3",
                "--optimizers",
                "erm,sam",
                "--noise",
                "symmetric:0.4",
                "--trusted-labels",
                file.toString(),
                "--seeds",
                "1,2");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().contains("trusted labels: 60 hand-checked examples"), outcome.out());
        JsonNode epoch = results(run).get("runs").get(0).get("epochs").get(2);
        double trustedAccuracy = epoch.get("trustedAccuracy").asDouble();
        assertTrue(trustedAccuracy > 0.5 && trustedAccuracy <= 1, "true accuracy on the trusted rows: " + epoch);
        double memorization = epoch.get("trustedMemorization").asDouble();
        assertTrue(memorization >= 0 && memorization <= 1, "wrong injected labels among the trusted rows: " + epoch);
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("| trusted acc. at selected epoch (%) |"), report);
        assertTrue(report.contains("Best: "), report);
        assertTrue(report.contains("Spread: the gap of "), "two seeds: the gap against the seed spread: " + report);
        assertTrue(report.contains("Trusted labels: "), report);
        assertTrue(outcome.out().contains("Best: "), "the console ends with the recommendation: " + outcome.out());
    }

    @Test
    void imagesAreReadAtTheSizeTheModelTakesUnlessTheUserChoseOne(@TempDir Path runs) throws IOException {
        Path large = OwnDataFixtures.imageFolder(runs.resolve("large"), 10, 2 * SIZE, 9);
        Path cnn = OwnDataFixtures.cnnModel(runs.resolve("cnn.zip"), SIZE, 3);
        Outcome outcome = compare(
                runs.resolve("run"),
                "--dataset",
                "images:" + large,
                "--model-file",
                cnn.toString(),
                "--epochs",
                "1",
                "--optimizers",
                "erm");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(
                outcome.out().contains("test examples of 1×12×12"), "resized to the model's 12×12: " + outcome.out());
        assertTrue(outcome.out().contains("model file:"), outcome.out());
    }

    @Test
    void kerasModelsTrainFlatAndChannelsLastWithTheirSoftmaxAsDl4jOutputLayer(@TempDir Path runs) throws Exception {
        Path dense = KerasFixtures.dense(runs.resolve("dense.h5"), SIZE * SIZE, 3);
        Outcome flat = compare(
                runs.resolve("dense"),
                "--dataset",
                "images:" + images,
                "--model-file",
                dense.toString(),
                "--epochs",
                "3",
                "--optimizers",
                "erm,sam");
        assertEquals(0, flat.code(), flat.err());
        assertTrue(
                lastTestAccuracy(results(runs.resolve("dense")), 1) > 0.5,
                "the imported network learns the bars: "
                        + results(runs.resolve("dense")).get("runs"));
        org.deeplearning4j.nn.graph.ComputationGraph trained =
                org.dl4jsam.updaters.SharpnessAware.restoreComputationGraph(
                        runs.resolve("dense")
                                .resolve("checkpoints")
                                .resolve("sam-seed1.zip")
                                .toFile(),
                        false);
        assertTrue(
                trained.getOutputLayer(0) instanceof org.deeplearning4j.nn.layers.OutputLayer,
                "the Keras softmax Dense (and its loss) became one DL4J output layer");

        Path conv = KerasFixtures.conv(runs.resolve("conv.h5"), SIZE, 3);
        Outcome channelsLast = compare(
                runs.resolve("conv"),
                "--dataset",
                "images:" + images,
                "--model-file",
                conv.toString(),
                "--epochs",
                "1",
                "--optimizers",
                "erm");
        assertEquals(0, channelsLast.code(), channelsLast.err());
        assertTrue(channelsLast.out().contains("of 12×12×1"), "fed channels last: " + channelsLast.out());
    }

    @Test
    void fineTuningStartsFromTheSavedWeights(@TempDir Path runs) throws Exception {
        // at a learning rate of 1e-12 one epoch leaves the weights where they started
        String[] options = {
            "--dataset",
            "images:" + images,
            "--model-file",
            mlp.toString(),
            "--epochs",
            "1",
            "--optimizers",
            "erm",
            "--momentum",
            "0",
            "--weight-decay",
            "0",
            "--lr-schedule",
            "constant",
            "--lr",
            "1e-12"
        };
        Path tuned = runs.resolve("tuned");
        List<String> fineTune = new ArrayList<>(List.of(options));
        fineTune.add("--fine-tune");
        Outcome tunedRun = compare(tuned, fineTune.toArray(String[]::new));
        assertEquals(0, tunedRun.code(), tunedRun.err());
        Path fresh = runs.resolve("fresh");
        assertEquals(0, compare(fresh, options).code());
        org.nd4j.linalg.api.ndarray.INDArray saved = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
                        mlp.toFile())
                .params();
        org.nd4j.linalg.api.ndarray.INDArray afterTuning = checkpoint(tuned);
        org.nd4j.linalg.api.ndarray.INDArray afterFresh = checkpoint(fresh);
        assertEquals(saved.length(), afterTuning.length());
        assertTrue(saved.equalsWithEps(afterTuning, 1e-6), "fine-tuning starts from the saved weights");
        assertFalse(saved.equalsWithEps(afterFresh, 1e-3), "a fresh initialization does not");
    }

    private static org.nd4j.linalg.api.ndarray.INDArray checkpoint(Path run) throws IOException {
        return org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(
                        run.resolve("checkpoints").resolve("erm-seed1.zip").toFile())
                .params();
    }

    @Test
    void badOwnDataIsRefusedWithTheFileAndTheFixBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Random random = new Random(3);
        Path empty = OwnDataFixtures.imageFolder(dir.resolve("empty"), 3, SIZE, 4);
        Files.createDirectories(empty.resolve("zebra"));
        assertRefused(dir, "holds no images", "--dataset", "images:" + empty);

        Path corrupt = OwnDataFixtures.imageFolder(dir.resolve("corrupt"), 3, SIZE, 5);
        Files.write(corrupt.resolve("bars-top").resolve("broken.png"), new byte[] {1, 2, 3, 4, 5});
        assertRefused(dir, "broken.png", "--dataset", "images:" + corrupt);

        Path mixedSizes = OwnDataFixtures.imageFolder(dir.resolve("sizes"), 3, SIZE, 6);
        OwnDataFixtures.writeImage(mixedSizes.resolve("bars-top").resolve("big.png"), 0, 2 * SIZE, false, random);
        assertRefused(dir, "--image-size", "--dataset", "images:" + mixedSizes);

        Path mixedChannels = OwnDataFixtures.imageFolder(dir.resolve("channels"), 3, SIZE, 7);
        OwnDataFixtures.writeImage(mixedChannels.resolve("bars-top").resolve("colour.png"), 0, SIZE, true, random);
        assertRefused(dir, "--channels", "--dataset", "images:" + mixedChannels);

        Path oneClass = Files.createDirectories(dir.resolve("one"));
        OwnDataFixtures.imageFolder(dir.resolve("tmp"), 2, SIZE, 8);
        Files.move(dir.resolve("tmp").resolve("bars-top"), oneClass.resolve("bars-top"));
        assertRefused(dir, "at least two", "--dataset", "images:" + oneClass);

        Path text = dir.resolve("text.csv");
        Files.writeString(text, "a,b,label\n1,2,x\n3,oops,y\n5,6,x\n");
        assertRefused(dir, "line 3, column 'b' (1): 'oops' is not a number", "--dataset", "csv:" + text);
        assertRefused(dir, "names no column", "--dataset", "csv:" + table, "--label-column", "genus");
        assertRefused(dir, "out of range", "--dataset", "csv:" + table, "--label-column", "7");
        Path single = dir.resolve("single.csv");
        Files.writeString(single, "a,b,label\n1,2,x\n3,4,x\n");
        assertRefused(dir, "at least two classes", "--dataset", "csv:" + single);

        Path fourClasses = OwnDataFixtures.mlpModel(dir.resolve("four.zip"), SIZE, 4);
        assertRefused(
                dir,
                "predicts 4 classes but the data has 3",
                "--dataset",
                "images:" + images,
                "--model-file",
                fourClasses.toString());
        assertRefused(
                dir,
                "does not accept the data's examples",
                "--dataset",
                "images:" + images,
                "--image-size",
                "8x8",
                "--model-file",
                mlp.toString());
        Path unknown = Files.writeString(dir.resolve("unknown.csv"), "bars-top/img000.png,bars-top\nzebra/1.png,0\n");
        assertRefused(
                dir,
                "names 1 example(s) the data does not have, e.g. 'zebra/1.png'",
                "--dataset",
                "images:" + images,
                "--trusted-labels",
                unknown.toString());
        Path badClass = Files.writeString(dir.resolve("class.csv"), "bars-top/img000.png,bars-sideways\n");
        assertRefused(
                dir,
                "line 1: 'bars-sideways' is not a class",
                "--dataset",
                "images:" + images,
                "--trusted-labels",
                badClass.toString());
        Path notKeras = Files.writeString(dir.resolve("model.h5"), "not an HDF5 file");
        assertRefused(
                dir,
                "KerasModelImport cannot read it",
                "--dataset",
                "images:" + images,
                "--model-file",
                notKeras.toString());
        assertRefused(
                dir, "needs images", "--dataset", "csv:" + table, "--label-column", "species", "--model", "small-cnn");
    }

    private static void assertRefused(Path dir, String fragment, String... options) {
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--epochs", "1", "--optimizers", "erm"));
        Outcome outcome = compare(run, args.toArray(String[]::new));
        assertEquals(2, outcome.code(), "refused as bad input: " + outcome.err() + outcome.out());
        assertTrue(outcome.err().contains(fragment), "names the problem (" + fragment + "): " + outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), "one line: " + outcome.err());
        assertFalse(Files.exists(run), "nothing written");
    }
}

package org.dl4jsam.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.dl4jsam.experiments.DlSamCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * {@code dl4j-sam compare} end to end on tiny generated Fashion-MNIST-format files: output
 * structure and values, charts, interrupted-and-resumed runs reproducing the uninterrupted one,
 * the {@code noise} command, and one-line errors for bad input.
 */
class CompareEndToEndTest {
    private static final String[] TINY = {
        "--epochs",
        "3",
        "--train-size",
        "0",
        "--test-size",
        "0",
        "--batch-size",
        "32",
        "--optimizers",
        "erm,sam,saner,ae-sam",
        "--no-progress",
        "--lr",
        "0.02",
        "--alpha-warmup",
        "1"
    };
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    @BeforeAll
    static void makeTinyDataset() throws IOException {
        writeIdx(data, "train", 400, 1);
        writeIdx(data, "t10k", 100, 2);
    }

    /** Class c: a bright horizontal bar at rows 2c..2c+1 on Gaussian noise. */
    static void writeIdx(Path dir, String prefix, int n, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream img = new DataOutputStream(images);
        img.writeInt(0x803);
        img.writeInt(n);
        img.writeInt(28);
        img.writeInt(28);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream lab = new DataOutputStream(labels);
        lab.writeInt(0x801);
        lab.writeInt(n);
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            lab.writeByte(label);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    double v = 40 + 25 * random.nextGaussian() + ((r / 2 == label + 2) ? 180 : 0);
                    img.writeByte((int) Math.max(0, Math.min(255, v)));
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.toByteArray());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.toByteArray());
    }

    private static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = DlSamCommand.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private record Outcome(int code, String out, String err) {}

    private static String[] with(String... extra) {
        String[] args = new String[1 + TINY.length + extra.length + 2];
        args[0] = "compare";
        System.arraycopy(TINY, 0, args, 1, TINY.length);
        System.arraycopy(extra, 0, args, 1 + TINY.length, extra.length);
        args[args.length - 2] = "--data-dir";
        args[args.length - 1] = data.toString();
        return args;
    }

    @Test
    void compareWritesResultsReportAndChartsAndResumesToTheSameNumbers(@TempDir Path runs) throws IOException {
        Path straight = runs.resolve("straight");
        Outcome full = cli(with("--out", straight.toString(), "--jobs", "2"));
        assertEquals(0, full.code(), full.err());
        assertTrue(full.out().contains("kernels: oneDNN"), "DL4J's layers run oneDNN kernels: " + full.out());
        Path oneByOne = runs.resolve("one-by-one");
        Outcome sequential = cli(with("--out", oneByOne.toString(), "--jobs", "1"));
        assertEquals(0, sequential.code(), sequential.err());
        assertEquals(
                withoutWallTimes(Files.readString(oneByOne.resolve("results.json"))),
                withoutWallTimes(Files.readString(straight.resolve("results.json"))),
                "two jobs at once give the bit-identical results.json of one at a time (wall times aside)");

        JsonNode results = JSON.readTree(straight.resolve("results.json").toFile());
        assertEquals(
                "fashion-mnist",
                results.get("config").get("data").get("dataset").asText());
        assertEquals("demo", results.get("config").get("protocol").asText(), "the default protocol is recorded");
        assertEquals(0.4, results.get("noise").get("1").get("realised_rate").asDouble(), 1e-12);
        assertTrue(results.get("versions").has("deeplearning4j"));
        JsonNode runsNode = results.get("runs");
        assertEquals(4, runsNode.size());
        int steps = (int) Math.ceil(360 / 32.0); // 400 − 10% noisy validation
        for (JsonNode run : runsNode) {
            assertTrue(run.get("completed").asBoolean());
            assertEquals(3, run.get("epochs").size());
            for (JsonNode epoch : run.get("epochs")) {
                for (String metric : List.of(
                        "noisyLabelAccuracy",
                        "noisyTrueAccuracy",
                        "cleanTrainAccuracy",
                        "noisyValidationAccuracy",
                        "testAccuracy")) {
                    double v = epoch.get(metric).asDouble();
                    assertTrue(v >= 0 && v <= 1, metric + " = " + v);
                }
                assertTrue(epoch.get("trainLoss").asDouble() > 0);
                boolean saner = run.get("optimizer").asText().equals("saner");
                for (String alignment : List.of("sanerNoiseAlignment", "sanerKeptAlignment")) {
                    JsonNode value = epoch.get(alignment);
                    assertEquals(saner, value != null && value.isNumber(), alignment + " only for SANER");
                    assertTrue(!saner || Math.abs(value.asDouble()) <= 1 + 1e-9, alignment + " is a cosine");
                }
                long passes = epoch.get("passes").asLong();
                switch (run.get("optimizer").asText()) {
                    case "erm" -> assertEquals(steps, passes);
                    case "sam", "saner" -> assertEquals(2L * steps, passes);
                    default -> assertTrue(passes > steps && passes <= 2L * steps, "AE-SAM passes " + passes);
                }
            }
        }
        double sgdTest =
                runsNode.get(0).get("epochs").get(2).get("testAccuracy").asDouble();
        assertTrue(sgdTest > 0.3, "the tiny task is learnable: SGD test accuracy " + sgdTest);

        String report = Files.readString(straight.resolve("report.md"));
        for (String optimizer : List.of("| erm |", "| sam |", "| saner |", "| ae-sam |")) {
            assertTrue(report.contains(optimizer), report);
        }
        for (String chart : List.of("test-accuracy.png", "memorization.png", "clean-noisy-gap.png", "train-loss.png")) {
            BufferedImage image = ImageIO.read(straight.resolve(chart).toFile());
            assertNotNull(image, chart + " is a readable PNG");
            assertEquals(900, image.getWidth());
            assertTrue(report.contains(chart));
        }

        // Interrupted after 5 epochs (inside the SAM run), then resumed: the same numbers.
        Path interrupted = runs.resolve("interrupted");
        Outcome first = cli(with("--out", interrupted.toString(), "--stop-after", "5", "--jobs", "1"));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("--resume"), first.out());
        JsonNode partial = JSON.readTree(interrupted.resolve("results.json").toFile());
        assertFalse(partial.get("runs").get(1).get("completed").asBoolean());
        assertEquals(2, partial.get("runs").get(1).get("epochs").size());
        Outcome resumed = cli("compare", "--resume", interrupted.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        JsonNode after = JSON.readTree(interrupted.resolve("results.json").toFile());
        for (int r = 0; r < 4; r++) {
            JsonNode a = runsNode.get(r).get("epochs");
            JsonNode b = after.get("runs").get(r).get("epochs");
            assertEquals(a.size(), b.size());
            for (int e = 0; e < a.size(); e++) {
                for (String field : List.of(
                        "trainLoss",
                        "noisyLabelAccuracy",
                        "cleanTrainAccuracy",
                        "noisyValidationAccuracy",
                        "testAccuracy",
                        "passes")) {
                    assertEquals(
                            a.get(e).get(field).asDouble(),
                            b.get(e).get(field).asDouble(),
                            0.0,
                            "run " + r + " epoch " + (e + 1) + " " + field);
                }
            }
        }
    }

    @Test
    void zooPresetsTrainThroughCompareAndAreListedWithTheirCounts(@TempDir Path runs) throws IOException {
        Path out = runs.resolve("zoo");
        Outcome run = cli(
                "compare",
                "--data-dir",
                data.toString(),
                "--model",
                "resnet-32",
                "--epochs",
                "1",
                "--train-size",
                "64",
                "--test-size",
                "32",
                "--batch-size",
                "32",
                "--optimizers",
                "rsgd,sam",
                "--no-progress",
                "--out",
                out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertTrue(results.get("runs").get(0).get("completed").asBoolean(), "regularized SGD on a zoo ResNet");
        assertEquals(
                "resnet-32", results.get("config").get("training").get("model").asText());
        assertTrue(results.get("runs").get(1).get("completed").asBoolean());

        Outcome models = cli("models", "--json");
        assertEquals(0, models.code(), models.err());
        JsonNode list = JSON.readTree(models.out());
        boolean found = false;
        for (JsonNode model : list) {
            if (model.get("model").asText().equals("wrn-28-10")) {
                assertEquals(36_479_194L, model.get("trainable_parameters").asLong());
                found = true;
            }
        }
        assertTrue(found, models.out());
    }

    @Test
    void compareTrainsThroughSparkParameterAveraging(@TempDir Path runs) throws IOException {
        Path out = runs.resolve("spark");
        Outcome run = cli(
                "compare",
                "--data-dir",
                data.toString(),
                "--spark",
                "local[2]",
                "--averaging-frequency",
                "5", // 12 batches, 2 workers: DL4J alone would train 10 of them (one round of 6 per worker)
                "--epochs",
                "2",
                "--train-size",
                "0",
                "--test-size",
                "0",
                "--batch-size",
                "32",
                "--optimizers",
                "sam+gce,ae-sam",
                "--no-progress",
                "--out",
                out.toString());
        assertEquals(0, run.code(), run.err());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        assertEquals("sam+gce", results.get("runs").get(0).get("optimizer").asText());
        JsonNode spark = results.get("config").get("spark");
        assertEquals("local[2]", spark.get("master").asText());
        assertEquals(2, spark.get("workers").asInt());
        int steps = (int) Math.ceil(360 / 32.0);
        for (JsonNode epoch : results.get("runs").get(0).get("epochs")) { // SAM: every worker step took both passes
            assertEquals(1.0, epoch.get("secondPassFraction").asDouble(), 0.0);
            assertEquals(2L * steps, epoch.get("passes").asLong(), "every batch, both passes: " + epoch);
        }
        for (JsonNode epoch : results.get("runs").get(1).get("epochs")) { // AE-SAM: some ERM steps on the workers
            double fraction = epoch.get("secondPassFraction").asDouble();
            assertTrue(fraction > 0 && fraction < 1, epoch.toString());
        }
    }

    @Test
    void noiseCommandWritesLabelsAndManifest(@TempDir Path runs) throws IOException {
        Path out = runs.resolve("noise");
        Outcome outcome = cli(
                "noise",
                "--data-dir",
                data.toString(),
                "--noise",
                "asymmetric:0.4",
                "--seed",
                "3",
                "--out",
                out.toString());
        assertEquals(0, outcome.code(), outcome.err());
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("asymmetric", manifest.get("spec").get("type").asText());
        double rate = manifest.get("realised_rate").asDouble();
        assertTrue(rate > 0.1 && rate < 0.3, "GCE map covers 5 of 10 classes: " + rate);
        List<String> noisy = Files.readAllLines(out.resolve("noisy_labels.txt"));
        assertEquals(400, noisy.size());
    }

    @Test
    void exportedImagesAreTheDatasetsPixelsInClassFoldersThatCompareReads(@TempDir Path runs) throws IOException {
        Path folder = runs.resolve("photos");
        Outcome export =
                cli("export-images", "--data-dir", data.toString(), "--count", "0", "--out", folder.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("wrote 400 PNG images in 10 class folders"), export.out());
        // the first training image (label 0, the bar at rows 4–5) is 00000.png in t-shirt/, pixel for pixel
        byte[] idx = Files.readAllBytes(data.resolve("train-images-idx3-ubyte"));
        BufferedImage first =
                ImageIO.read(folder.resolve("t-shirt").resolve("00000.png").toFile());
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertEquals(idx[16 + 28 * y + x] & 0xff, first.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
            }
        }
        Outcome compare = cli(
                "compare",
                "--dataset",
                "images:" + folder,
                "--epochs",
                "1",
                "--optimizers",
                "erm",
                "--no-progress",
                "--out",
                runs.resolve("run").toString());
        assertEquals(0, compare.code(), compare.err());
        assertTrue(compare.out().contains("classes: 0 = ankle-boot, 1 = bag, 2 = coat"), compare.out());
    }

    @Test
    void aProtocolFillsTheOptionsLeftOutAndExplicitOptionsWin(@TempDir Path runs) throws IOException {
        Path dir = runs.resolve("long");
        Outcome outcome = cli(
                "compare",
                "--protocol",
                "long",
                "--epochs",
                "1",
                "--train-size",
                "0",
                "--test-size",
                "0",
                "--optimizers",
                "erm",
                "--no-progress",
                "--data-dir",
                data.toString(),
                "--out",
                dir.toString());
        assertEquals(0, outcome.code(), outcome.err());
        JsonNode config = JSON.readTree(dir.resolve("results.json").toFile()).get("config");
        assertEquals("long", config.get("protocol").asText());
        assertEquals(1, config.get("training").get("epochs").asInt(), "--epochs given: it wins over long's 60");
        assertEquals(0.01, config.get("training").get("learningRate").asDouble(), 0.0);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("Protocol `long`"));
        Outcome paper = cli(
                "compare",
                "--protocol",
                "paper",
                "--no-progress",
                "--out",
                runs.resolve("p").toString());
        assertEquals(2, paper.code());
        assertTrue(paper.err().contains("cifar10 needs --data-dir"), "paper is CIFAR-10: " + paper.err());
        Outcome unknown = cli("compare", "--protocol", "imagenet");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown protocol 'imagenet'; use demo, long, paper"), unknown.err());
    }

    @Test
    void badInputGetsAOneLineErrorThatSaysWhatToDo(@TempDir Path runs) throws IOException {
        assertOneLine(cli(with("--optimizers", "erm,adamw")), "unknown SAM preset 'adamw'; available: ");
        assertOneLine(cli(with("--noise", "symmetric:1.5")), "use a rate in [0, 1)");
        assertOneLine(cli(with("--model", "resnet-9000")), "unknown model");
        assertOneLine(cli(with("--epochs", "many")), "--epochs");
        assertOneLine(cli(with("--weight-decay-mode", "adamw")), "--weight-decay-mode adamw is unknown; use pytorch");
        assertOneLine(cli("compare", "--data-dir", data.toString(), "--train-size", "5000", "--no-progress"), "exceed");
        assertOneLine(
                cli("compare", "--data-dir", runs.resolve("absent").toString(), "--no-progress"), "is not a directory");
        Path existing = Files.createDirectories(runs.resolve("exists"));
        Files.writeString(existing.resolve("keep.txt"), "x");
        assertOneLine(cli(with("--out", existing.toString())), "--resume");
        assertOneLine(cli("compare", "--resume", runs.resolve("nothing").toString()), "no results.json");
        Path refused = runs.resolve("refused");
        assertOneLine(cli(with("--out", refused.toString(), "--jobs", "0")), "--jobs 0 is invalid");
        assertOneLine(cli(with("--out", refused.toString(), "--threads", "0")), "--threads");
        assertFalse(Files.exists(refused), "a refused run leaves no directory behind");
    }

    @Test
    void twoRunsStartedAtOnceIntoOneDirectoryNeverMix(@TempDir Path runs) throws Exception {
        Path shared = runs.resolve("shared");
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<String[]>> outcomes = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            String[] args = with("--out", shared.toString(), "--seeds", "" + seed);
            replaceValue(args, "--optimizers", "erm");
            replaceValue(args, "--epochs", "1");
            outcomes.add(pool.submit(() -> {
                java.io.StringWriter out = new java.io.StringWriter();
                java.io.StringWriter err = new java.io.StringWriter();
                start.await();
                int code =
                        DlSamCommand.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
                return new String[] {"" + code, out.toString(), err.toString()};
            }));
        }
        start.countDown();
        List<String[]> done = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<String[]> outcome : outcomes) {
            done.add(outcome.get());
        }
        pool.shutdown();
        long winners = done.stream().filter(o -> o[0].equals("0")).count();
        assertEquals(1, winners, "exactly one run claims the directory: " + done.get(0)[2] + done.get(1)[2]);
        String[] loser =
                done.stream().filter(o -> !o[0].equals("0")).findFirst().orElseThrow();
        assertEquals("2", loser[0]);
        assertTrue(loser[2].contains("another run") || loser[2].contains("exists"), loser[2]);
        JsonNode results = JSON.readTree(shared.resolve("results.json").toFile());
        assertEquals(1, results.get("runs").size());
        assertTrue(results.get("runs").get(0).get("completed").asBoolean(), "the winner's results are whole");
    }

    @Test
    void withoutAValidationSplitTheReportShowsTheLastEpochAndRecommendsNothing(@TempDir Path runs) throws IOException {
        Path dir = runs.resolve("no-validation");
        String[] args = with("--out", dir.toString(), "--validation-fraction", "0");
        replaceValue(args, "--optimizers", "erm,sam");
        replaceValue(args, "--epochs", "2");
        Outcome outcome = cli(args);
        assertEquals(0, outcome.code(), outcome.err());
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("No noisy validation split (--validation-fraction 0)"), report);
        assertFalse(report.contains("Best: "), report);
        for (String optimizer : List.of("erm", "sam")) {
            String[] cells = report.lines()
                    .filter(l -> l.startsWith("| " + optimizer + " |"))
                    .findFirst()
                    .orElseThrow()
                    .split("\\|");
            assertEquals(cells[4].strip(), cells[2].strip(), optimizer + ": the selected epoch is the last: " + report);
        }
    }

    @Test
    void aLabelFileCoversTheWholeTrainingSetAndTheSubsetTakesItsRows(@TempDir Path runs) throws IOException {
        // the tiny training set's labels are i % 10; the file flips the first 200 of its 400 examples
        Path labels = runs.resolve("labels.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append(i < 200 ? (i + 1) % 10 : i % 10).append('\n');
        }
        Files.writeString(labels, text);
        Path dir = runs.resolve("subset");
        String[] args = with("--out", dir.toString(), "--noise", "file:" + labels);
        replaceValue(args, "--train-size", "100");
        replaceValue(args, "--optimizers", "erm");
        replaceValue(args, "--epochs", "1");
        Outcome outcome = cli(args);
        assertEquals(0, outcome.code(), outcome.err());
        int[] all = new int[400];
        java.util.Arrays.setAll(all, i -> i % 10);
        long flippedKept = java.util.Arrays.stream(org.dl4jsam.noisylabels.datasets.Subsets.stratified(all, 10, 100, 0))
                .filter(row -> row < 200)
                .count();
        JsonNode manifest =
                JSON.readTree(dir.resolve("results.json").toFile()).get("noise").get("1");
        assertEquals(100, manifest.get("num_examples").asInt());
        assertEquals(
                flippedKept, manifest.get("noisy_count").asLong(), "the kept rows' labels, not the file's first 100");

        Path short100 = runs.resolve("short.txt");
        Files.writeString(short100, text.substring(0, 200)); // 100 labels: the size of the subset, not of the set
        String[] wrong = with("--out", runs.resolve("wrong").toString(), "--noise", "file:" + short100);
        replaceValue(wrong, "--train-size", "100");
        assertOneLine(cli(wrong), "holds 100 labels but the whole fashion-mnist training set has 400");
    }

    @Test
    void cifarNLabelsCoverTheWholeTrainingSetWhenASubsetIsTrained(@TempDir Path runs) throws IOException {
        int[] clean = {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}; // the tiny CIFAR-10N fixture's clean_label; worse flips 1, 5, 9
        Path cifar = Files.createDirectories(runs.resolve("cifar-10-batches-bin"));
        for (int batch = 0; batch < 5; batch++) {
            Files.write(
                    cifar.resolve("data_batch_" + (batch + 1) + ".bin"),
                    cifarRecords(new int[] {clean[2 * batch], clean[2 * batch + 1]}));
        }
        Files.write(cifar.resolve("test_batch.bin"), cifarRecords(new int[] {0, 1, 2}));
        Path humanLabels = Path.of("..", "dl4j-noisy-labels", "src", "test", "resources", "cifarn")
                .resolve("CIFAR-10_human_tiny.pt");
        Path dir = runs.resolve("cifarn");
        Outcome outcome = cli(
                "compare",
                "--dataset",
                "cifar10",
                "--data-dir",
                cifar.toString(),
                "--noise",
                "cifarn:worse",
                "--cifarn-file",
                humanLabels.toString(),
                "--train-size",
                "5",
                "--test-size",
                "3",
                "--validation-fraction",
                "0",
                "--epochs",
                "1",
                "--optimizers",
                "erm",
                "--no-progress",
                "--out",
                dir.toString());
        assertEquals(0, outcome.code(), outcome.err());
        long flippedKept = java.util.Arrays.stream(org.dl4jsam.noisylabels.datasets.Subsets.stratified(clean, 10, 5, 0))
                .filter(row -> row == 1 || row == 5 || row == 9)
                .count();
        JsonNode manifest =
                JSON.readTree(dir.resolve("results.json").toFile()).get("noise").get("1");
        assertEquals(5, manifest.get("num_examples").asInt());
        assertEquals(flippedKept, manifest.get("noisy_count").asLong(), "the kept rows' human labels");
    }

    /** CIFAR-10 binary records: one label byte, then 3,072 pixel bytes. */
    private static byte[] cifarRecords(int[] labels) {
        byte[] bytes = new byte[labels.length * 3073];
        for (int k = 0; k < labels.length; k++) {
            bytes[k * 3073] = (byte) labels[k];
            for (int p = 1; p < 3073; p++) {
                bytes[k * 3073 + p] = (byte) (31 * k + p);
            }
        }
        return bytes;
    }

    @Test
    void aResumedRunRefusesChangedInputsAndOptionsAndDamagedFiles(@TempDir Path runs) throws IOException {
        Path labels = runs.resolve("labels.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append(i % 3 == 0 ? (i + 1) % 10 : i % 10).append('\n');
        }
        Files.writeString(labels, text);
        Path dir = runs.resolve("run");
        String[] args = with("--out", dir.toString(), "--noise", "file:" + labels, "--stop-after", "1");
        replaceValue(args, "--optimizers", "erm");
        replaceValue(args, "--epochs", "2");
        Outcome first = cli(args);
        assertEquals(0, first.code(), first.err());
        JsonNode started = JSON.readTree(dir.resolve("results.json").toFile());
        assertTrue(started.get("inputs").has("noisy labels of seed 1"), started.toString());
        String before = Files.readString(dir.resolve("results.json"));

        Files.writeString(labels, text.toString().replaceFirst("^1\n", "2\n")); // one label edited
        assertOneLine(
                cli("compare", "--resume", dir.toString(), "--no-progress"),
                "cannot resume: the noisy labels of seed 1 changed since the run started");
        assertOneLine(
                cli("compare", "--resume", dir.toString(), "--epochs", "5", "--lr", "0.1"),
                "--epochs, --lr cannot change");
        assertEquals(before, Files.readString(dir.resolve("results.json")), "a refused resume changes nothing");

        Files.writeString(labels, text); // the original labels back: the run resumes and completes
        Path copy = Files.createDirectories(runs.resolve("copy").resolve("checkpoints"));
        Files.copy(dir.resolve("results.json"), copy.getParent().resolve("results.json"));
        Files.writeString(copy.resolve("erm-seed1.zip"), "PK not a zip");
        assertOneLine(
                cli("compare", "--resume", copy.getParent().toString(), "--no-progress"),
                "checkpoint " + copy.resolve("erm-seed1.zip") + " is damaged");
        Outcome resumed = cli("compare", "--resume", dir.toString(), "--no-progress");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(JSON.readTree(dir.resolve("results.json").toFile())
                .get("runs")
                .get(0)
                .get("completed")
                .asBoolean());

        Path damaged = runs.resolve("damaged");
        Files.createDirectories(damaged);
        Files.writeString(damaged.resolve("results.json"), before.substring(0, before.length() / 2));
        assertOneLine(cli("compare", "--resume", damaged.toString(), "--no-progress"), "results.json is damaged");
    }

    @Test
    void divergenceIsOneLineNamingTheOptionsAndDebugAddsTheStackTrace(@TempDir Path runs) throws IOException {
        String[] args = with("--out", runs.resolve("diverged").toString());
        replaceValue(args, "--lr", "1e9");
        replaceValue(args, "--optimizers", "erm");
        replaceValue(args, "--epochs", "1");
        Outcome erm = cli(args);
        assertOneLine(erm, "erm s1 diverged in epoch 1 (");
        assertTrue(erm.err().contains("): lower --lr (now 1.0E9), or check the data"), "ρ plays no part: " + erm.err());
        replaceValue(args, "--optimizers", "sam");
        assertOneLine(cli(args), "): lower --lr (now 1.0E9) or --rho (now 0.1)");
        String[] debug = java.util.Arrays.copyOf(args, args.length + 1);
        debug[args.length] = "--debug";
        Outcome traced = cli(debug);
        assertEquals(2, traced.code());
        assertTrue(traced.err().contains("\tat org.dl4jsam."), "--debug prints the stack trace: " + traced.err());
        assertTrue(traced.err().strip().endsWith("or check the data for NaN/Inf values"), traced.err());
        assertFalse(Files.exists(runs.resolve("diverged")), "a run that failed in its first epoch leaves nothing");
    }

    /** Give an option of {@link #TINY} another value (picocli refuses an option given twice). */
    private static void replaceValue(String[] args, String option, String value) {
        int at = java.util.Arrays.asList(args).indexOf(option);
        assertTrue(at >= 0 && at + 1 < args.length, option);
        args[at + 1] = value;
    }

    /** results.json with every {@code wallSeconds} value blanked: the one field that depends on the machine's load. */
    private static String withoutWallTimes(String resultsJson) {
        return resultsJson.replaceAll("\"wallSeconds\"\\s*:\\s*[0-9.Ee+-]+", "\"wallSeconds\":_");
    }

    private static void assertOneLine(Outcome outcome, String fragment) {
        assertEquals(2, outcome.code(), outcome.out() + outcome.err());
        String err = outcome.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.startsWith("dl4j-sam: ") && err.contains(fragment), err);
    }
}

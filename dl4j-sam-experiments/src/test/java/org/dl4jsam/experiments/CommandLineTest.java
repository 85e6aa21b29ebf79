package org.dl4jsam.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user meets it: help lists the typed options' values, a wrong value is refused with exit
 * code 2 and the names to choose from, the version comes from one provider, and output goes to the writer
 * picocli is given (so nothing here touches {@code System.out}).
 */
class CommandLineTest {
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DlSamCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheValuesOfTheTypedOptions() {
        Result help = run("compare", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("fashion-mnist, mnist, cifar10, cifar100"), help.out());
        assertTrue(help.out().contains("constant, step, cosine"), help.out());
        assertTrue(help.out().contains("pytorch, dl4j-l2"), help.out());
        assertTrue(help.out().contains("Default: fashion-mnist"), "defaults shown as they are typed: " + help.out());
        assertTrue(run("noise", "--help").out().contains("--cifarn-file"), "noise shares compare's data options");
    }

    @Test
    void aWrongValueIsRefusedWithTheNamesToChooseFrom() {
        Result dataset = run("compare", "--dataset", "imagenet");
        assertEquals(2, dataset.code());
        assertTrue(dataset.err().contains("unknown dataset 'imagenet'; available: fashion-mnist"), dataset.err());
        Result schedule = run("compare", "--lr-schedule", "linear");
        assertEquals(2, schedule.code());
        assertTrue(schedule.err().contains("use constant, step, cosine"), schedule.err());
        Result decay = run("compare", "--weight-decay-mode", "adamw");
        assertEquals(2, decay.code());
        assertTrue(decay.err().contains("use pytorch, dl4j-l2"), decay.err());
        assertEquals("", dataset.out() + schedule.out() + decay.out(), "nothing but the error");
    }

    @Test
    void theVersionComesFromTheProvider() {
        Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(
                version.out()
                        .startsWith(
                                "dl4j-sam " + VersionProvider.version() + " (Deeplearning4j " + VersionProvider.DL4J),
                version.out());
    }

    @Test
    void aMissingDatasetDirectoryIsBadInputNamedOnTheErrorWriter(@TempDir Path dir) {
        Result missing = run(
                "noise",
                "--dataset",
                "mnist",
                "--data-dir",
                dir.resolve("none").toString(),
                "--out",
                dir.resolve("out").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("dl4j-sam: "), missing.err());
    }

    /** An IDX file: magic, then the dimensions, then one byte per entry. */
    private static void idx(Path file, int magic, int[] dims, int entries) throws java.io.IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + entries);
        buffer.putInt(magic);
        for (int d : dims) {
            buffer.putInt(d);
        }
        for (int i = 0; i < entries; i++) {
            buffer.put((byte) (i % 10));
        }
        java.nio.file.Files.write(file, buffer.array());
    }

    /** An MNIST-layout directory: 20 training images of 4×3 and 5 test images of the given size. */
    private static Path mnist(Path dir, int testRows, int testCols) throws java.io.IOException {
        Path data = java.nio.file.Files.createDirectories(dir.resolve("mnist"));
        idx(data.resolve("train-images-idx3-ubyte"), 0x803, new int[] {20, 4, 3}, 20 * 12);
        idx(data.resolve("train-labels-idx1-ubyte"), 0x801, new int[] {20}, 20);
        idx(data.resolve("t10k-images-idx3-ubyte"), 0x803, new int[] {5, testRows, testCols}, 5 * testRows * testCols);
        idx(data.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {5}, 5);
        return data;
    }

    /** {@code compare} on a one-epoch run of that directory into {@code runDir}, with more options. */
    private static Result compare(Path data, Path runDir, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "compare",
                "--dataset",
                "mnist",
                "--data-dir",
                data.toString(),
                "--train-size",
                "0",
                "--test-size",
                "0",
                "--epochs",
                "1",
                "--no-progress",
                "--out",
                runDir.toString()));
        args.addAll(java.util.List.of(more));
        return run(args.toArray(new String[0]));
    }

    @Test
    void testImagesOfAnotherSizeAreRefusedBeforeTheRunDirectoryExists(@TempDir Path dir) throws Exception {
        Path data = mnist(dir, 5, 5);
        Path runDir = dir.resolve("run");
        Result result = compare(data, runDir);
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("test images are 1×5×5 but the training images 1×4×3"), result.err());
        assertTrue(!java.nio.file.Files.exists(runDir), "nothing written");
    }

    @Test
    void aRunThatFailsBeforeItsFirstEpochLeavesNoRunDirectory(@TempDir Path dir) throws Exception {
        Path data = mnist(dir, 4, 3);
        Path runDir = dir.resolve("run");
        // a Spark master URL that Spark cannot parse fails when the first epoch starts, inside the run
        Result result = compare(data, runDir, "--optimizers", "erm", "--noise", "none", "--spark", "no-such-master");
        assertTrue(result.code() != 0, "the run failed: " + result.out());
        assertTrue(!java.nio.file.Files.exists(runDir), "no half-written run directory: " + result.err());
    }
}

package org.dl4jsam.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dl4j-sam} launcher runs the CLI in the caller's working directory: relative {@code --data-dir} and
 * {@code --out} are the caller's, not the checkout's. The script runs from a copy of the checkout's layout whose
 * build stamp is fresh, so it starts the already-built classes and never calls Maven.
 */
class LauncherTest {
    @Test
    void relativePathsAreTheCallersWorkingDirectory(@TempDir Path temp) throws Exception {
        Path checkout = Files.createDirectories(temp.resolve("checkout"));
        Path launcher = checkout.resolve("dl4j-sam");
        Files.copy(Path.of("..", "dl4j-sam"), launcher);
        assertTrue(launcher.toFile().setExecutable(true));
        Path target =
                Files.createDirectories(checkout.resolve("dl4j-sam-experiments").resolve("target"));
        Files.createDirectories(
                checkout.resolve("dl4j-sam-experiments").resolve("src").resolve("main"));
        Files.writeString(checkout.resolve("pom.xml"), "");
        Files.writeString(checkout.resolve("dl4j-sam-experiments").resolve("pom.xml"), "");
        Files.createSymbolicLink(
                target.resolve("classes"),
                Path.of("..", "dl4j-sam-experiments", "target", "classes").toAbsolutePath());
        Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
        Path stamp = Files.writeString(target.resolve(".built"), "");
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(3600))); // newer than every source

        Path caller = Files.createDirectories(temp.resolve("caller"));
        Path data = Files.createDirectories(caller.resolve("my-data"));
        CompareEndToEndTest.writeIdx(data, "train", 50, 1);
        CompareEndToEndTest.writeIdx(data, "t10k", 10, 2);
        Process process = new ProcessBuilder(
                        "bash",
                        launcher.toString(),
                        "noise",
                        "--data-dir",
                        "my-data",
                        "--noise",
                        "symmetric:0.2",
                        "--out",
                        "labels")
                .directory(caller.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the launcher finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("→ labels"), output);
        assertEquals(
                50,
                Files.readAllLines(caller.resolve("labels").resolve("noisy_labels.txt"))
                        .size(),
                output);
        assertTrue(!Files.exists(checkout.resolve("labels")), "nothing lands in the checkout");
    }
}

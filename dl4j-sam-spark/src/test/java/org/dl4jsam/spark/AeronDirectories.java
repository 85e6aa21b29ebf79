package org.dl4jsam.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directories Aeron (DL4J's shared-training transport) creates in shared memory, one per JVM, which DL4J
 * leaves behind: tens of MB each in {@code /dev/shm}. The tests remove those they made.
 */
final class AeronDirectories {
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private AeronDirectories() {}

    /** @return the Aeron directories now present */
    static Set<Path> present() {
        Set<Path> found = new HashSet<>();
        if (Files.isDirectory(SHARED_MEMORY)) {
            try (Stream<Path> entries = Files.list(SHARED_MEMORY)) {
                entries.filter(p -> p.getFileName().toString().startsWith("aeron-"))
                        .forEach(found::add);
            } catch (IOException ignored) {
                // nothing to clean up where shared memory cannot be listed
            }
        }
        return found;
    }

    /**
     * Deletes the Aeron directories that appeared since {@code before} (a JVM still using one keeps its mapping).
     *
     * @param before {@link #present()} when the test started
     */
    static void removeAllBut(Set<Path> before) {
        for (Path dir : present()) {
            if (!before.contains(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                } catch (IOException ignored) {
                    // best effort: another process may be removing it too
                }
            }
        }
    }
}

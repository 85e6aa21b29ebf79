package org.dl4jsam.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.IntStream;
import org.dl4jsam.noisylabels.dl4j.ExampleFeatures;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SHA-256 fingerprints of what a run reads — examples, labels, files — so that a resumed run can tell whether its
 * inputs are still those it started with. Features held in memory are hashed byte for byte; image files read from
 * disk per minibatch by their paths, sizes and modification times (hashing their pixels would decode every image).
 */
public final class Fingerprints {
    private static final int ROWS_PER_CHUNK = 1024;

    private Fingerprints() {}

    /**
     * @param examples examples
     * @return the fingerprint of their features, labels, class names and identities
     */
    public static String of(Examples examples) {
        MessageDigest digest = sha256();
        features(digest, examples.features());
        ints(digest, examples.labels());
        digest.update(String.join("\n", examples.classNames()).getBytes(StandardCharsets.UTF_8));
        digest.update(String.join("\n", examples.ids()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * @param labels labels
     * @return their fingerprint
     */
    public static String of(int[] labels) {
        MessageDigest digest = sha256();
        ints(digest, labels);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * @param file a file
     * @return the fingerprint of its bytes
     * @throws IOException if it cannot be read
     */
    public static String ofFile(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void features(MessageDigest digest, ExampleFeatures features) {
        if (features instanceof FlattenedFeatures flat) {
            features(digest, flat.source());
        } else if (features instanceof ChannelsLastFeatures last) {
            features(digest, last.source());
        } else if (features instanceof ImageFiles files) {
            for (Path file : files.files()) {
                digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
                try {
                    digest.update(ByteBuffer.allocate(2 * Long.BYTES)
                            .putLong(Files.size(file))
                            .putLong(Files.getLastModifiedTime(file).toMillis())
                            .flip());
                } catch (IOException gone) {
                    digest.update((byte) 0); // a missing file differs from any present one
                }
            }
        } else if (features instanceof ExampleFeatures.InMemory held
                && held.features().length() * held.features().dataType().width() < Integer.MAX_VALUE) {
            array(digest, held.features());
        } else {
            for (int start = 0; start < features.size(); start += ROWS_PER_CHUNK) {
                array(
                        digest,
                        features.rows(IntStream.range(start, Math.min(features.size(), start + ROWS_PER_CHUNK))
                                .toArray()));
            }
        }
    }

    private static void array(MessageDigest digest, INDArray array) {
        INDArray contiguous = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
        digest.update(contiguous.dataType().name().getBytes(StandardCharsets.UTF_8));
        for (long size : contiguous.shape()) {
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(size).flip());
        }
        ByteBuffer bytes = contiguous.data().asNio().order(ByteOrder.nativeOrder());
        bytes.limit((int) Math.min(
                bytes.capacity(), contiguous.length() * contiguous.dataType().width()));
        digest.update(bytes);
    }

    private static void ints(MessageDigest digest, int[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES * values.length);
        bytes.asIntBuffer().put(values);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

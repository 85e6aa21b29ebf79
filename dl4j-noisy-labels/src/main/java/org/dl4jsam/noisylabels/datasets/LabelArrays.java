package org.dl4jsam.noisylabels.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes a plain array of integer labels made elsewhere: CSV / text (one label per line,
 * or comma/whitespace separated; a first line that begins with a letter is a header, a byte-order mark is
 * dropped), a JSON list, or a
 * NumPy {@code .npy} file of a 1-D integer array. The format follows the file extension.
 */
public final class LabelArrays {
    private static final Pattern NPY_DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([iu])(\\d)'");
    private static final Pattern NPY_SHAPE = Pattern.compile("'shape'\\s*:\\s*\\((\\d+),?\\s*\\)");

    private LabelArrays() {}

    /**
     * Read labels, checking that there is one per example and that each is in [0, C).
     *
     * @param file a {@code .npy}, {@code .json} or text file
     * @param expectedLength the number of examples
     * @param numClasses C
     * @return the labels
     * @throws IOException if the file is missing, malformed or of the wrong length (the message says which)
     */
    public static int[] read(Path file, int expectedLength, int numClasses) throws IOException {
        int[] labels = read(file);
        if (labels.length != expectedLength) {
            throw new IllegalArgumentException(file + " holds " + labels.length + " labels but the dataset has "
                    + expectedLength + " examples: use the label file made for this dataset (and the same subset)");
        }
        return checkClasses(file, labels, numClasses);
    }

    /**
     * @param file where the labels came from, for the message
     * @param labels labels
     * @param numClasses C
     * @return the labels, each checked to lie in [0, C)
     * @throws IllegalArgumentException naming the first label outside and its position
     */
    public static int[] checkClasses(Path file, int[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        file + ": label " + labels[i] + " at position " + i + " is outside [0, " + numClasses + ")");
            }
        }
        return labels;
    }

    /**
     * Read labels in the format given by the file extension ({@code .npy}, {@code .json}, else text).
     *
     * @param file the file
     * @return the labels
     * @throws IOException if the file is missing or malformed
     */
    public static int[] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "label file not found");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return readNpy(file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) { // the byte-order mark some spreadsheet programs write
            text = text.substring(1);
        }
        text = text.strip();
        if (name.endsWith(".json")) {
            if (!text.startsWith("[") || !text.endsWith("]")) {
                throw new IllegalArgumentException(file + " is not a JSON list of integers (it must start with '[')");
            }
            text = text.substring(1, text.length() - 1);
        }
        return parseText(file, text);
    }

    /**
     * Write labels as a text file, one per line (what {@link #read} reads back).
     *
     * @param file the file
     * @param labels the labels
     * @throws IOException if it cannot be written
     */
    public static void writeText(Path file, int[] labels) throws IOException {
        StringBuilder out = new StringBuilder(labels.length * 3);
        for (int label : labels) {
            out.append(label).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    /**
     * Integer labels separated by commas or white space. A first line that begins with a letter, an underscore or a
     * quote is a header (a whole line, e.g. {@code noisy label}); any other first line
     * holds labels, so a typo there ({@code 3x}) is an error rather than a header.
     */
    private static int[] parseText(Path file, String text) {
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            char first = trimmed.charAt(0);
            if (Character.isLetter(first) || first == '_' || first == '"' || first == '\'') {
                int newline = trimmed.indexOf('\n');
                trimmed = newline < 0 ? "" : trimmed.substring(newline + 1); // the header line
            }
        }
        List<String> tokens = new ArrayList<>();
        for (String token : trimmed.split("[,\\s]+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        int[] labels = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            try {
                labels[i] = Integer.parseInt(tokens.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        file + ": \"" + tokens.get(i) + "\" (entry " + i + ") is not an integer label", e);
            }
        }
        return labels;
    }

    private static int[] readNpy(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 10
                || bytes[0] != (byte) 0x93
                || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
            throw new IllegalArgumentException(file + " is not a .npy file (bad magic string)");
        }
        int major = bytes[6];
        int headerLength = major == 1
                ? (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8
                : ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        String header = new String(bytes, major == 1 ? 10 : 12, headerLength, StandardCharsets.ISO_8859_1);
        Matcher descr = NPY_DESCR.matcher(header);
        Matcher shape = NPY_SHAPE.matcher(header);
        if (!descr.find() || !shape.find() || header.contains("'fortran_order': True")) {
            throw new IllegalArgumentException(
                    file + ": unsupported .npy header " + header.strip() + " (expected a 1-D integer array)");
        }
        int width = Integer.parseInt(descr.group(3));
        boolean unsigned = descr.group(2).equals("u");
        ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int n = Integer.parseInt(shape.group(1));
        if ((long) n * width + dataStart > bytes.length) {
            throw new IllegalArgumentException(file + " is truncated: the header declares " + n + " labels of " + width
                    + " bytes but the file has " + (bytes.length - dataStart) + " data bytes");
        }
        ByteBuffer data =
                ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).order(order);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            long value =
                    switch (width) {
                        case 1 -> unsigned ? data.get() & 0xff : data.get();
                        case 2 -> unsigned ? data.getShort() & 0xffff : data.getShort();
                        case 4 -> data.getInt();
                        case 8 -> data.getLong();
                        default -> throw new IllegalArgumentException(file + ": unsupported integer width " + width);
                    };
            labels[i] = Math.toIntExact(value);
        }
        return labels;
    }
}

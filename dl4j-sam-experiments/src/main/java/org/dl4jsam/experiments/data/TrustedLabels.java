package org.dl4jsam.experiments.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small hand-checked subset of the data: {@code --trusted-labels FILE}, one {@code id,label} line per example
 * (the id as {@code compare} names examples: a file path relative to the image folder, a CSV line number, or a
 * built-in dataset's index; the label as a class name or index). Lines starting with {@code #}, blank lines and
 * an {@code id,label} header are skipped. It measures what the noisy labels cannot: true accuracy and
 * memorization of wrong given labels on those examples.
 *
 * @param file the file
 * @param labels the true class index of each id, in file order
 */
public record TrustedLabels(Path file, Map<String, Integer> labels) {
    /**
     * Reads the file.
     *
     * @param file the file
     * @param classNames the data's classes
     * @return the trusted labels
     * @throws IOException if the file cannot be read; {@link IllegalArgumentException} naming the line and the fix
     */
    public static TrustedLabels read(Path file, List<String> classNames) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "--trusted-labels " + file + " is not a file");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classNames.size(); k++) {
            index.put(classNames.get(k), k);
        }
        Map<String, Integer> labels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#") || (n == 1 && line.equalsIgnoreCase("id,label"))) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma <= 0 || comma == line.length() - 1) {
                throw new IllegalArgumentException(where(file, n) + "'" + line + "' is not id,label");
            }
            String id = line.substring(0, comma).strip();
            String label = line.substring(comma + 1).strip();
            Integer k = index.get(label);
            if (k == null && label.matches("\\d{1,9}") && Integer.parseInt(label) < classNames.size()) {
                k = Integer.parseInt(label);
            }
            if (k == null) {
                throw new IllegalArgumentException(where(file, n) + "'" + label + "' is not a class; the classes are "
                        + classNames + " (or their indices 0 … " + (classNames.size() - 1) + ")");
            }
            if (labels.put(id, k) != null) {
                throw new IllegalArgumentException(where(file, n) + "example '" + id + "' is listed twice");
            }
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("--trusted-labels " + file + " lists no examples; write one id,label "
                    + "line per hand-checked example");
        }
        return new TrustedLabels(file, Map.copyOf(labels));
    }

    private static String where(Path file, int line) {
        return "--trusted-labels " + file + ", line " + line + ": ";
    }

    /**
     * Where the trusted examples are.
     *
     * @param train rows of the training examples (noisy validation included)
     * @param trainLabels their trusted labels
     * @param test rows of the test examples
     * @param testLabels their trusted labels
     */
    public record Located(int[] train, int[] trainLabels, int[] test, int[] testLabels) {
        /** @return the number of trusted examples */
        public int size() {
            return train.length + test.length;
        }
    }

    /**
     * Finds every trusted example in the data.
     *
     * @param train the training examples
     * @param test the test examples
     * @return their rows
     * @throws IllegalArgumentException naming ids that are in neither, with examples of valid ids
     */
    public Located locate(Examples train, Examples test) {
        Map<String, Integer> trainRows = rows(train);
        Map<String, Integer> testRows = rows(test);
        List<int[]> inTrain = new ArrayList<>();
        List<int[]> inTest = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Integer> e : labels.entrySet()) {
            Integer row = trainRows.get(e.getKey());
            if (row != null) {
                inTrain.add(new int[] {row, e.getValue()});
            } else if ((row = testRows.get(e.getKey())) != null) {
                inTest.add(new int[] {row, e.getValue()});
            } else {
                unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--trusted-labels " + file + " names " + unknown.size()
                    + " example(s) the data does not have, e.g. '" + unknown.get(0) + "'; ids are what compare "
                    + "calls the examples, e.g. '" + train.ids().get(0) + "' (image: path relative to the folder; "
                    + "CSV: line number; built-in: index)");
        }
        inTrain.sort((a, b) -> Integer.compare(a[0], b[0]));
        inTest.sort((a, b) -> Integer.compare(a[0], b[0]));
        return new Located(column(inTrain, 0), column(inTrain, 1), column(inTest, 0), column(inTest, 1));
    }

    private static Map<String, Integer> rows(Examples examples) {
        Map<String, Integer> rows = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            rows.put(examples.ids().get(i), i);
        }
        return rows;
    }

    private static int[] column(List<int[]> pairs, int k) {
        return pairs.stream().mapToInt(p -> p[k]).toArray();
    }
}

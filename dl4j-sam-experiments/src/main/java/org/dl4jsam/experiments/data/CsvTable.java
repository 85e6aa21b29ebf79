package org.dl4jsam.experiments.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;

/**
 * A CSV file of numeric feature columns and one label column, read through DataVec's {@link CSVRecordReader}.
 * The label column is named by its header or by its 0-based index (default: the last column); labels are
 * class names (any text), mapped to indices in sorted order (numeric order when every name is an integer).
 * The identity of a row is its line number in the file (the header is line 1).
 *
 * @param file the file
 * @param header the column names (generated {@code column0 …} without a header line)
 * @param labelColumn the index of the label column
 * @param features row-major feature values, {@code rows × (columns − 1)}
 * @param labelNames the label of each row, as written
 * @param lineNumbers the line of each row in the file
 */
public record CsvTable(
        Path file,
        List<String> header,
        int labelColumn,
        double[] features,
        List<String> labelNames,
        int[] lineNumbers) {

    /** @return the number of rows */
    public int rows() {
        return labelNames.size();
    }

    /** @return the number of feature columns */
    public int featureCount() {
        return header.size() - 1;
    }

    /**
     * Reads a CSV file.
     *
     * @param file the file
     * @param hasHeader whether the first line names the columns
     * @param labelColumn the label column's header name or 0-based index; null for the last column
     * @param option the option that named the file, for messages
     * @return the table
     * @throws IOException if the file cannot be read; {@link IllegalArgumentException} naming the line, the column
     *     and the fix for malformed content
     */
    public static CsvTable read(Path file, boolean hasHeader, String labelColumn, String option) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, option + " " + file + " is not a file");
        }
        List<List<String>> lines = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> raw = Files.readAllLines(file);
        CSVRecordReader reader = new CSVRecordReader(0, ',');
        try {
            reader.initialize(new FileSplit(file.toFile()));
            int line = 0;
            while (reader.hasNext()) {
                List<Writable> record = reader.next();
                line = nextContentLine(raw, line);
                List<String> values = new ArrayList<>(record.size());
                for (Writable w : record) {
                    values.add(w.toString().strip());
                }
                lines.add(values);
                lineNumbers.add(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("reading " + file + " was interrupted");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    option + " " + file + " is not a readable CSV file (" + e.getMessage()
                            + "); write comma-separated values, one example per line",
                    e);
        } finally {
            reader.close();
        }
        if (lines.isEmpty() || (hasHeader && lines.size() == 1)) {
            throw new IllegalArgumentException(option + " " + file + " holds no examples");
        }
        int columns = lines.get(0).size();
        List<String> header;
        if (hasHeader) {
            header = lines.remove(0);
            lineNumbers.remove(0);
        } else {
            header = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                header.add("column" + c);
            }
        }
        if (columns < 2) {
            throw new IllegalArgumentException(option + " " + file + " has " + columns
                    + " column; it needs numeric feature columns and a label column, comma-separated");
        }
        int label = labelIndex(header, labelColumn, hasHeader, file, option);
        int featureCount = columns - 1;
        double[] features = new double[lines.size() * featureCount];
        List<String> labels = new ArrayList<>(lines.size());
        for (int r = 0; r < lines.size(); r++) {
            List<String> values = lines.get(r);
            int lineNumber = lineNumbers.get(r);
            if (values.size() != columns) {
                throw new IllegalArgumentException(option + " " + file + ", line " + lineNumber + ": " + values.size()
                        + " values where the first line has " + columns + "; every line needs one value per column");
            }
            int f = 0;
            for (int c = 0; c < columns; c++) {
                String value = values.get(c);
                if (c == label) {
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException(option + " " + file + ", line " + lineNumber
                                + ": the label (column '" + header.get(c) + "') is empty; give every row its label");
                    }
                    labels.add(value);
                    continue;
                }
                double x;
                try {
                    x = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(option + " " + file + ", line " + lineNumber + ", column '"
                            + header.get(c) + "' (" + c + "): '" + value + "' is not a number; every column but the "
                            + "label must be numeric (the label column is '" + header.get(label)
                            + "'; choose another with --label-column)");
                }
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException(option + " " + file + ", line " + lineNumber + ", column '"
                            + header.get(c) + "': " + value + " is not finite; fill in or drop the row");
                }
                features[r * featureCount + f++] = x;
            }
        }
        return new CsvTable(
                file,
                List.copyOf(header),
                label,
                features,
                List.copyOf(labels),
                lineNumbers.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * @param names label names
     * @return the distinct names in class-index order: numeric when all are integers, else sorted text
     */
    public static List<String> classOrder(List<String> names) {
        TreeSet<String> distinct = new TreeSet<>(names);
        boolean integers = distinct.stream().allMatch(s -> s.matches("[-+]?\\d{1,18}"));
        List<String> order = new ArrayList<>(distinct);
        if (integers) {
            order.sort(Comparator.comparingLong(Long::parseLong));
        }
        return order;
    }

    private static int nextContentLine(List<String> raw, int after) {
        int line = after + 1;
        while (line <= raw.size() && raw.get(line - 1).isBlank()) {
            line++; // DataVec skips blank lines
        }
        return line;
    }

    private static int labelIndex(
            List<String> header, String labelColumn, boolean hasHeader, Path file, String option) {
        if (labelColumn == null) {
            return header.size() - 1;
        }
        int byName = header.indexOf(labelColumn.strip());
        if (hasHeader && byName >= 0) {
            return byName;
        }
        try {
            int index = Integer.parseInt(labelColumn.strip());
            if (index < 0 || index >= header.size()) {
                throw new IllegalArgumentException(option + " " + file + ": --label-column " + labelColumn
                        + " is out of range; the file has columns 0 … " + (header.size() - 1));
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option + " " + file + ": --label-column " + labelColumn + " names no "
                            + "column"
                            + (hasHeader
                                    ? "; the header has " + header
                                    : " (the file has no header line: use " + "a 0-based index)"),
                    e);
        }
    }
}

package org.dl4jsam.experiments.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.records.Record;
import org.datavec.api.split.CollectionInputSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.image.recordreader.ImageRecordReader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A folder of images with one sub-folder per class ({@code root/cat/001.png}), read through DataVec's
 * {@link ImageRecordReader} and {@link ParentPathLabelGenerator} as DL4J users load images. Every file is
 * checked (format, size, channels) before any pixel is decoded, so a bad folder fails with the file and the
 * fix before training starts. Pixels are kept as bytes (DataVec's channel order: BGR for colour images).
 */
public final class ImageFolder {
    /** The file name endings read as images. */
    public static final Set<String> FORMATS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolder() {}

    /**
     * The files of a class folder tree, in a stable order.
     *
     * @param root the folder
     * @param classNames class folder names, sorted
     * @param files the image files, class by class, names sorted
     * @param labels the class index of each file
     */
    public record Listing(Path root, List<String> classNames, List<Path> files, int[] labels) {
        /** @return the file of each example relative to the root, with '/' separators */
        public List<String> ids() {
            return files.stream()
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .toList();
        }
    }

    /** What the images hold, as their headers say. */
    record Shape(int height, int width, int channels) {
        @Override
        public String toString() {
            return height + "×" + width + " with " + channels + (channels == 1 ? " channel" : " channels");
        }
    }

    /**
     * Lists the class folders and their image files.
     *
     * @param root the folder with one sub-folder per class
     * @param option the command-line option that named it, for messages
     * @return the listing
     * @throws IOException naming the offending file or folder and the fix
     */
    public static Listing list(Path root, String option) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, option + " " + root + " is not a directory");
        }
        TreeMap<String, List<Path>> classes = new TreeMap<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.sorted().toList()) {
                if (hidden(entry)) {
                    continue;
                }
                if (!Files.isDirectory(entry)) {
                    throw new IllegalArgumentException(option + " " + root + ": " + entry.getFileName()
                            + " is not in a class folder; put every image in a sub-folder named after its class "
                            + "(" + root + "/CLASS/" + entry.getFileName() + ")");
                }
                classes.put(entry.getFileName().toString(), imagesIn(entry, option));
            }
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException(option + " " + root + " has " + classes.size()
                    + " class folder" + (classes.size() == 1 ? " (" + classes.firstKey() + ")" : "")
                    + "; a classifier needs at least two: one sub-folder per class, images inside");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int index = 0;
        for (List<Path> images : classes.values()) {
            for (Path image : images) {
                files.add(image);
                labels.add(index);
            }
            index++;
        }
        return new Listing(
                root,
                List.copyOf(classes.keySet()),
                files,
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Path> imagesIn(Path classFolder, String option) throws IOException {
        List<Path> images = new ArrayList<>();
        try (Stream<Path> entries = Files.list(classFolder)) {
            for (Path file : entries.sorted().toList()) {
                if (hidden(file)) {
                    continue;
                }
                if (Files.isDirectory(file)) {
                    throw new IllegalArgumentException(option + ": " + file + " is a folder inside class folder "
                            + classFolder.getFileName() + "; class folders hold image files only");
                }
                if (!FORMATS.contains(extension(file))) {
                    throw new IllegalArgumentException(option + ": " + file + " is not an image file ("
                            + String.join(", ", new TreeSet<>(FORMATS)) + "); move it out of the class folder");
                }
                images.add(file);
            }
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException(
                    option + ": class folder " + classFolder + " holds no images; add images or remove the folder");
        }
        return images;
    }

    /**
     * Reads every header and decides the size the images are read at.
     *
     * @param files the images
     * @param height the height asked for, or 0 for the images' own
     * @param width the width asked for, or 0 for the images' own
     * @param channels the channels asked for (1 or 3), or 0 for the images' own
     * @param option the option that named the folder, for messages
     * @return the size to read at
     * @throws IOException naming an unreadable file
     */
    static Shape decideShape(List<Path> files, int height, int width, int channels, String option) throws IOException {
        Map<String, Path> sizes = new TreeMap<>();
        Map<Integer, Path> channelCounts = new TreeMap<>();
        Shape first = null;
        for (Path file : files) {
            Shape shape = header(file, option);
            first = first == null ? shape : first;
            sizes.putIfAbsent(shape.height() + "×" + shape.width(), file);
            channelCounts.putIfAbsent(shape.channels(), file);
        }
        if (height == 0 && sizes.size() > 1) {
            throw new IllegalArgumentException(option + ": the images have " + sizes.size() + " sizes ("
                    + describe(sizes) + "); give --image-size HxW (e.g. --image-size 32x32) to resize them all");
        }
        if (channels == 0 && channelCounts.size() > 1) {
            throw new IllegalArgumentException(option + ": the images have " + channelCounts.size()
                    + " channel counts (" + describe(channelCounts) + "); give --channels 1 (grey) or 3 (colour) "
                    + "to convert them all");
        }
        return new Shape(
                height == 0 ? first.height() : height,
                width == 0 ? first.width() : width,
                channels == 0 ? first.channels() : channels);
    }

    private static String describe(Map<?, Path> examples) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<?, Path> e : examples.entrySet()) {
            text.append(text.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append(" e.g. ")
                    .append(e.getValue());
        }
        return text.toString();
    }

    private static Shape header(Path file, String option) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IllegalArgumentException(option + ": " + file
                        + " is not a readable image (unknown or damaged format); " + "replace or remove it");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int h = reader.getHeight(0);
                int w = reader.getWidth(0);
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                int c = types.hasNext()
                        ? Math.min(3, types.next().getColorModel().getNumColorComponents())
                        : 3;
                return new Shape(h, w, c == 1 ? 1 : 3);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException
                    && e.getMessage() != null
                    && e.getMessage().startsWith(option)) {
                throw e;
            }
            throw new IllegalArgumentException(
                    option + ": " + file + " cannot be read as an image (" + e.getMessage() + "); replace or remove it",
                    e);
        }
    }

    /**
     * Decodes the listed images through DataVec at one size.
     *
     * @param listing the files
     * @param shape the size and channels to read at
     * @param option the option that named the folder, for messages
     * @return pixels {@code N·C·H·W} as unsigned bytes, in listing order
     * @throws IOException naming a file that cannot be decoded
     */
    static byte[] decode(Listing listing, Shape shape, String option) throws IOException {
        List<URI> uris = listing.files().stream().map(Path::toUri).toList();
        Map<URI, Integer> position = new HashMap<>();
        for (int i = 0; i < uris.size(); i++) {
            position.put(uris.get(i), i);
        }
        int length = shape.channels() * shape.height() * shape.width();
        byte[] pixels = new byte[uris.size() * length];
        boolean[] seen = new boolean[uris.size()];
        ImageRecordReader reader =
                new ImageRecordReader(shape.height(), shape.width(), shape.channels(), new ParentPathLabelGenerator());
        reader.setLogLabelCountOnInit(false);
        reader.initialize(new CollectionInputSplit(uris));
        int count = 0;
        while (reader.hasNext()) {
            Path current = count < uris.size() ? listing.files().get(count) : null;
            Record record;
            try {
                record = reader.nextRecord();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        option + ": " + (current == null ? "an image" : current) + " cannot be decoded ("
                                + e.getMessage() + "); replace or remove it",
                        e);
            }
            URI uri = record.getMetaData().getURI();
            Integer index = position.get(uri);
            if (index == null) {
                throw new IllegalStateException("DataVec returned an image that was not listed: " + uri);
            }
            List<Writable> values = record.getRecord();
            INDArray image = ((NDArrayWritable) values.get(0)).get();
            if (image.length() != length) {
                throw new IllegalArgumentException(
                        option + ": " + listing.files().get(index) + " decoded to " + image.length()
                                + " values instead of " + length + "; replace or remove it");
            }
            float[] values32 = image.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                    .data()
                    .asFloat();
            int offset = index * length;
            for (int k = 0; k < length; k++) {
                pixels[offset + k] = (byte) Math.round(Math.max(0, Math.min(255, values32[k])));
            }
            seen[index] = true;
            count++;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                throw new IllegalArgumentException(
                        option + ": " + listing.files().get(i) + " was not decoded; replace or remove it");
            }
        }
        return pixels;
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}

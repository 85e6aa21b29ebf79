package org.dl4jsam.experiments.data;

import java.nio.file.Path;
import java.util.Locale;
import org.dl4jsam.experiments.compare.DatasetChoice;

/**
 * What {@code --dataset} names: a built-in dataset ({@code fashion-mnist}, {@code mnist}, {@code cifar10},
 * {@code cifar100}), a folder of images with one sub-folder per class ({@code images:DIR}) or a CSV file of
 * numeric features and a label column ({@code csv:FILE}).
 */
public sealed interface DataSource {
    /** @return the {@code --dataset} argument that gives this source */
    String argument();

    /** @return whether this is the user's own data (labels taken as given, no noise by default) */
    default boolean isOwn() {
        return !(this instanceof BuiltIn);
    }

    /**
     * A built-in dataset.
     *
     * @param dataset the dataset
     */
    record BuiltIn(DatasetChoice dataset) implements DataSource {
        @Override
        public String argument() {
            return dataset.cliName();
        }

        @Override
        public String toString() {
            return argument(); // help shows the default as it is typed
        }
    }

    /**
     * A folder of images, one sub-folder per class.
     *
     * @param folder the folder
     */
    record Images(Path folder) implements DataSource {
        @Override
        public String argument() {
            return "images:" + folder;
        }

        @Override
        public String toString() {
            return argument();
        }
    }

    /**
     * A CSV file.
     *
     * @param file the file
     */
    record Csv(Path file) implements DataSource {
        @Override
        public String argument() {
            return "csv:" + file;
        }

        @Override
        public String toString() {
            return argument();
        }
    }

    /**
     * @param argument a {@code --dataset} argument
     * @return the source; paths are made absolute against the working directory
     * @throws IllegalArgumentException listing the accepted forms
     */
    static DataSource parse(String argument) {
        if (argument == null) {
            throw new IllegalArgumentException("the dataset is missing (null); use fashion-mnist, cifar10, cifar100, "
                    + "images:FOLDER or csv:FILE");
        }
        String text = argument.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("images:") || lower.startsWith("csv:")) {
            String path = text.substring(text.indexOf(':') + 1);
            if (path.isBlank()) {
                throw new IllegalArgumentException("--dataset " + argument + " names no path; write e.g. "
                        + "images:/data/photos (one sub-folder per class) or csv:/data/table.csv");
            }
            Path absolute = Path.of(path).toAbsolutePath().normalize();
            return lower.startsWith("images:") ? new Images(absolute) : new Csv(absolute);
        }
        try {
            return new BuiltIn(DatasetChoice.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", images:DIR (one sub-folder per class) or csv:FILE");
        }
    }
}

package org.dl4jsam.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.dl4jsam.experiments.compare.DatasetChoice;
import org.dl4jsam.noisylabels.datasets.ImageDataset;
import org.dl4jsam.noisylabels.datasets.Subsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-sam export-images}: write a built-in dataset as PNG files in one folder per class, the layout of a
 * user's own image folder, so {@code compare --dataset images:DIR} can be tried (and timed) on known data.
 */
@Command(
        name = "export-images",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Write a built-in dataset as PNG files, one folder per class (an image folder to try "
                + "compare --dataset images:DIR on).")
public final class ExportImagesCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--dataset",
            converter = DatasetConverter.class,
            description = "fashion-mnist, mnist, cifar10 or cifar100")
    DatasetChoice dataset = DatasetChoice.FASHION_MNIST;

    @Option(names = "--data-dir", description = "directory of the dataset files (default: the documented lookup)")
    Path dataDir;

    @Option(names = "--count", description = "images written, a class-stratified sample of the training set (0: all)")
    int count = 12_000;

    @Option(names = "--out", required = true, description = "new folder")
    Path out;

    /** Converts a built-in dataset name, listing the names when it is unknown. */
    static final class DatasetConverter implements picocli.CommandLine.ITypeConverter<DatasetChoice> {
        @Override
        public DatasetChoice convert(String value) {
            return DatasetChoice.parse(value);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out)) {
            throw new FileAlreadyExistsException(out.toString(), null, "--out " + out + " exists; choose a new folder");
        }
        if (count < 0) {
            throw new IllegalArgumentException("--count " + count + " is invalid; use 0 (all) or a positive number");
        }
        ImageDataset train = dataset.read(dataDir, true);
        if (count > train.size()) {
            throw new IllegalArgumentException("--count " + count + " exceeds the " + train.size()
                    + " training images; use at most that (0: all)");
        }
        int[] rows = count == 0
                ? java.util.stream.IntStream.range(0, train.size()).toArray()
                : Subsets.stratified(train.labels(), train.numClasses(), count, 0);
        List<String> names = dataset.classNames(train.numClasses());
        int length = train.featureLength();
        int plane = train.height() * train.width();
        for (int row : rows) {
            int label = train.labels()[row];
            Path folder = Files.createDirectories(out.resolve(names.get(label)));
            BufferedImage image = new BufferedImage(
                    train.width(),
                    train.height(),
                    train.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < train.height(); y++) {
                for (int x = 0; x < train.width(); x++) {
                    int offset = row * length + y * train.width() + x;
                    if (train.channels() == 1) { // the raster, not setRGB: no colour-space conversion of grey
                        image.getRaster().setSample(x, y, 0, train.pixels()[offset] & 0xff);
                    } else { // CHW planes, R G B
                        image.setRGB(
                                x,
                                y,
                                (train.pixels()[offset] & 0xff) << 16
                                        | (train.pixels()[offset + plane] & 0xff) << 8
                                        | (train.pixels()[offset + 2 * plane] & 0xff));
                    }
                }
            }
            ImageIO.write(
                    image,
                    "png",
                    folder.resolve(String.format(Locale.ROOT, "%05d.png", row)).toFile());
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "%s: wrote %d PNG images in %d class folders to %s%n",
                        dataset, rows.length, train.numClasses(), out);
        return 0;
    }
}

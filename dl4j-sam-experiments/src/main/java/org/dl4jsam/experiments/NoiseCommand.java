package org.dl4jsam.experiments;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dl4jsam.experiments.compare.NoiseArgument;
import org.dl4jsam.experiments.data.DataSource;
import org.dl4jsam.experiments.data.Examples;
import org.dl4jsam.experiments.data.LoadedData;
import org.dl4jsam.noisylabels.datasets.LabelArrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-sam noise}: generate or import label noise for a dataset's training set and write the
 * noisy labels, the clean labels and {@code manifest.json}, so other tools use exactly the same labels.
 */
@Command(
        name = "noise",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Write noisy training labels (one per line) and their manifest.")
public final class NoiseCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--seed")
    long seed = 1;

    @Option(names = "--out", required = true, description = "new output directory")
    Path out;

    @Override
    public Integer call() throws IOException {
        DataSource source = data.dataset;
        String noise = data.noiseArgument();
        NoiseArgument.validate(noise, source);
        if (Files.exists(out)) {
            throw new FileAlreadyExistsException(
                    out.toString(), null, "output directory " + out + " exists; choose another --out");
        }
        LoadedData loaded = LoadedData.load(source, data.own(), data.dataDir, 0, 0);
        Examples train = loaded.train();
        NoiseArgument.Outcome outcome =
                NoiseArgument.apply(noise, source, train, loaded.trainingFile(), data.cifarNFile, seed);
        Files.createDirectories(out);
        LabelArrays.writeText(out.resolve("noisy_labels.txt"), outcome.labels().noisy());
        LabelArrays.writeText(out.resolve("clean_labels.txt"), outcome.labels().clean());
        outcome.manifest().write(out.resolve("manifest.json"));
        spec.commandLine()
                .getOut()
                .printf(
                        "%s: %d labels, realised noise rate %.4f → %s%n",
                        source.argument(), train.size(), outcome.manifest().realisedRate(), out);
        return 0;
    }
}

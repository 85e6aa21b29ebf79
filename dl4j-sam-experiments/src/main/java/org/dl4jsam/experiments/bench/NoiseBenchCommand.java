package org.dl4jsam.experiments.bench;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dl4jsam.noisylabels.AsymmetricMapping;
import org.dl4jsam.noisylabels.AsymmetricNoise;
import org.dl4jsam.noisylabels.InstanceDependentNoise;
import org.dl4jsam.noisylabels.NoiseInput;
import org.dl4jsam.noisylabels.NoiseSpec;
import org.dl4jsam.noisylabels.Selection;
import org.dl4jsam.noisylabels.SymmetricNoise;
import org.dl4jsam.noisylabels.datasets.ImageDataset;
import org.dl4jsam.noisylabels.datasets.MnistFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Times reading Fashion-MNIST and generating label noise for 50,000 examples (best of several runs). */
@Command(
        name = "noise-bench",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Time reading Fashion-MNIST and generating label noise for 50,000 examples.")
public final class NoiseBenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(names = "--data-dir", description = "Fashion-MNIST directory (default: the documented lookup)")
    Path dataDir;

    @Option(names = "--repeats")
    int repeats = 5;

    @Override
    public Integer call() throws Exception {
        Path dir = MnistFamily.FASHION_MNIST.locate(Optional.ofNullable(dataDir));
        ImageDataset train = null;
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            train = MnistFamily.FASHION_MNIST.read(dir, true);
            best = Math.min(best, System.nanoTime() - start);
        }
        out().printf("read Fashion-MNIST train (60,000 gz IDX): %.1f ms%n", best / 1e6);
        int[] labels = java.util.Arrays.copyOf(train.labels(), 50_000);
        NoiseInput input = NoiseInput.of(labels, 10);
        time("symmetric 40% exact fraction, 50,000", SymmetricNoise.paperProtocol(0.4), input);
        time("symmetric 40% Bernoulli, 50,000", SymmetricNoise.coTeaching(0.4), input);
        time(
                "asymmetric 40% (GCE map), 50,000",
                new AsymmetricNoise(0.4, AsymmetricMapping.FASHION_MNIST_GCE, Selection.EXACT_FRACTION), input);
        ImageDataset subset =
                train.subset(java.util.stream.IntStream.range(0, 50_000).toArray());
        time("instance-dependent 30%, 50,000 × 784", InstanceDependentNoise.onPixels(0.3), subset.noiseInput(true));
        return 0;
    }

    private void time(String what, NoiseSpec spec, NoiseInput input) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            spec.apply(input, r);
            best = Math.min(best, System.nanoTime() - start);
        }
        out().printf("%s: %.1f ms%n", what, best / 1e6);
    }
}

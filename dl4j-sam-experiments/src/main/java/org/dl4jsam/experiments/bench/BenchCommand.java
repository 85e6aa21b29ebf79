package org.dl4jsam.experiments.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsam.experiments.Threads;
import org.dl4jsam.experiments.catalog.ModelCatalog;
import org.dl4jsam.experiments.catalog.ModelChoice;
import org.dl4jsam.updaters.SamPresets;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareListener;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Paired, interleaved step-time benchmark of the SAM presets ({@code SamPresets}) against plain ERM in one JVM:
 * every round runs one {@code fit(batch)} per optimizer in a shuffled order, so machine noise
 * hits all of them alike; the figures are medians (and, for the adaptive presets' two-valued cost, means) of
 * per-round ratios. Also reports the SAM step's
 * own overhead (everything but the second pass) and its extra memory.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Time plain ERM and SAM preset steps on the same network and batch, interleaved, "
                + "and print paired step-time ratios against plain ERM.")
public final class BenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static final String ERM = "erm";

    @Option(
            names = "--presets",
            split = ",",
            description = "comma list of SAM presets to time against ERM (default: all of them): "
                    + "${sys:dl4j-sam.presets}")
    List<String> presets =
            SamPresets.all().stream().map(SamPresets.Preset::name).toList();

    private List<String> optimizers = List.of();

    @Option(names = "--model", description = "a name from `dl4j-sam models`")
    String modelName = ModelChoice.SMALL_CNN.cliName();

    @Option(names = "--image", description = "input shape CxHxW (1x28x28: Fashion-MNIST, 3x32x32: CIFAR)")
    String image = "1x28x28";

    @Option(names = "--threads", description = "OpenMP/BLAS threads (1 gives the steadiest ratios); 0: ND4J's default")
    int threads = 0;

    private int channels;
    private int size;

    /** {@code CxHxW} with H = W, e.g. {@code 1x28x28}. */
    @Option(names = "--batch-size")
    int batchSize = 128;

    @Option(names = "--warmup", description = "untimed steps per optimizer")
    int warmup = 5;

    @Option(names = "--rounds", description = "timed rounds (one step per optimizer each)")
    int rounds = 30;

    @Option(names = "--rho")
    double rho = 0.05;

    @Option(names = "--json", description = "also write the results as JSON to this file")
    File json;

    @Option(
            names = "--op-profile",
            description = "after the timing, profile this many ERM steps with ND4J's OpProfiler and print each op's "
                    + "share of the op time (0: off)")
    int opProfileSteps;

    @Override
    public Integer call() throws Exception {
        ModelCatalog.validate(modelName);
        int[] dims = ModelCatalog.parseImage(image);
        channels = dims[0];
        size = dims[1];
        if (rounds < 1 || warmup < 0 || batchSize < 1) {
            throw new IllegalArgumentException("--rounds and --batch-size must be ≥ 1, --warmup ≥ 0");
        }
        Threads.limit(threads);
        long totalSteps = warmup + rounds;
        Map<String, IUpdater> updaters = new LinkedHashMap<>();
        updaters.put(ERM, base()); //                  the baseline: the bare base updater, no SAM step
        SamPresets.Parameters parameters =
                new SamPresets.Parameters(rho, SanerConfig.DEFAULT_ALPHA, 0, totalSteps); // α from the first step
        for (String name : presets) {
            SamPresets.Preset preset = SamPresets.get(name);
            if (preset.sharpnessAware()) {
                updaters.put(preset.name(), new SharpnessAwareUpdater(base(), preset.config(parameters)));
            }
        }
        optimizers = List.copyOf(updaters.keySet());

        Map<String, ComputationGraph> networks = new LinkedHashMap<>();
        for (Map.Entry<String, IUpdater> e : updaters.entrySet()) {
            ComputationGraph network = new ComputationGraph(
                    ModelCatalog.configuration(modelName, e.getValue(), 42, 5e-4, channels, size, size, 10));
            network.init();
            if (!e.getKey().equals(ERM)) {
                SharpnessAware.attachTo(network);
            }
            networks.put(e.getKey(), network);
        }
        MultiDataSet batch = batch();
        for (int i = 0; i < warmup; i++) {
            for (ComputationGraph network : networks.values()) {
                network.fit(batch);
            }
        }
        Map<String, long[]> nanos = new LinkedHashMap<>();
        Map<String, long[]> overhead = new LinkedHashMap<>();
        optimizers.forEach(o -> {
            nanos.put(o, new long[rounds]);
            overhead.put(o, new long[rounds]);
        });
        List<String> order = new ArrayList<>(optimizers);
        Random random = new Random(7);
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(order, random);
            for (String name : order) {
                ComputationGraph network = networks.get(name);
                long start = System.nanoTime();
                network.fit(batch);
                nanos.get(name)[round] = System.nanoTime() - start;
                overhead.get(name)[round] = SharpnessAware.lastStep(network)
                        .map(SamStepDiagnostics::overheadNanos)
                        .orElse(0L);
            }
        }
        int code = report(networks, nanos, overhead);
        if (opProfileSteps > 0) {
            profileOps(networks.get(ERM), batch);
        }
        return code;
    }

    private static long updaterStateLength(ComputationGraph network) {
        org.nd4j.linalg.api.ndarray.INDArray state = network.getUpdater().getStateViewArray();
        return state == null ? 0 : state.length();
    }

    private int report(Map<String, ComputationGraph> networks, Map<String, long[]> nanos, Map<String, long[]> overhead)
            throws Exception {
        long params = networks.get(ERM).numParams();
        long bytesPerParam = networks.get(ERM).params().dataType().width();
        Map<String, Object> ratios = new LinkedHashMap<>();
        Map<String, Object> meanRatios = new LinkedHashMap<>();
        Map<String, Object> msPerStep = new LinkedHashMap<>();
        Map<String, Object> overheadFraction = new LinkedHashMap<>();
        Map<String, Object> extraMemory = new LinkedHashMap<>();
        Map<String, Object> secondPassFraction = new LinkedHashMap<>();
        long[] erm = nanos.get(ERM);
        out().printf(
                        "%s on %s, batch %d, %d parameters, %d rounds, %s threads, %s kernels%n",
                        modelName,
                        image,
                        batchSize,
                        params,
                        rounds,
                        threads > 0 ? threads : "default",
                        org.dl4jsam.experiments.OneDnn.inUse() ? "oneDNN" : "DL4J's built-in");
        out().printf(
                        "%-12s %10s %10s %10s %14s %10s %9s%n",
                        "optimizer", "ms/step", "ratio/ERM", "mean ratio", "overhead/ERM", "extra MiB", "%second");
        for (String name : optimizers) {
            double[] ratio = new double[rounds];
            double[] over = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = (double) nanos.get(name)[r] / erm[r];
                over[r] = (double) overhead.get(name)[r] / erm[r];
            }
            double ms = median(Arrays.stream(nanos.get(name)).asDoubleStream().toArray()) / 1e6;
            msPerStep.put(name, ms);
            ComputationGraph network = networks.get(name);
            SharpnessAwareListener listener = SharpnessAware.listenerOf(network).orElse(null);
            int buffers = listener == null ? 0 : listener.bufferCount(network);
            long stateEntries = listener == null ? 0 : listener.stateEntries(network); // EMAs, stored directions
            // the rules' state mirrored into the updater state (docs/adr/0005), beyond the base updater's
            long mirrored = updaterStateLength(network) - updaterStateLength(networks.get(ERM));
            double mib = (buffers * params + stateEntries + mirrored) * bytesPerParam / (1024.0 * 1024.0);
            double second = SharpnessAware.lastStep(network)
                    .map(SamStepDiagnostics::secondPassFraction)
                    .orElse(0.0);
            double meanRatio = Arrays.stream(ratio).average().orElse(Double.NaN);
            if (!name.equals(ERM)) {
                ratios.put(name, median(ratio));
                meanRatios.put(name, meanRatio);
                overheadFraction.put(name, median(over));
                extraMemory.put(
                        name,
                        Map.of(
                                "buffers",
                                buffers,
                                "stateEntries",
                                stateEntries,
                                "updaterStateEntries",
                                mirrored,
                                "mib",
                                mib));
                secondPassFraction.put(name, second);
            }
            out().printf(
                            "%-12s %10.1f %10.3f %10.3f %14.4f %10.2f %9.2f%n",
                            name, ms, median(ratio), meanRatio, median(over), mib, 100 * second);
        }
        double sanerOverSam = Double.NaN;
        if (nanos.containsKey("saner") && nanos.containsKey("sam")) {
            double[] paired = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                paired[r] = (double) nanos.get("saner")[r] / nanos.get("sam")[r];
            }
            sanerOverSam = median(paired);
            out().printf("saner/sam paired ratio: %.3f%n", sanerOverSam);
        }
        if (json != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", modelName);
            out.put("image", image);
            out.put("batchSize", batchSize);
            out.put("kernels", org.dl4jsam.experiments.OneDnn.inUse() ? "oneDNN" : "DL4J's built-in");
            out.put("parameters", params);
            out.put("rounds", rounds);
            out.put("ratios", ratios);
            out.put("meanRatios", meanRatios);
            out.put("sanerOverSam", sanerOverSam);
            out.put("msPerStep", msPerStep);
            out.put("overheadOverErmStep", overheadFraction);
            out.put("extraMemory", extraMemory);
            out.put("secondPassFraction", secondPassFraction);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json, out);
        }
        return 0;
    }

    /** Where an ERM step's op time goes, by ND4J's own profiler (it adds its overhead to every op). */
    private void profileOps(ComputationGraph erm, MultiDataSet batch) {
        org.nd4j.linalg.profiler.OpProfiler profiler = org.nd4j.linalg.profiler.OpProfiler.getInstance();
        profiler.reset();
        org.nd4j.linalg.api.ops.executioner.OpExecutioner executioner = org.nd4j.linalg.factory.Nd4j.getExecutioner();
        executioner.setProfilingConfig(org.nd4j.linalg.profiler.ProfilerConfig.builder()
                .checkForNAN(false)
                .checkForINF(false)
                .stackTrace(false)
                .checkElapsedTime(true)
                .build());
        try {
            for (int step = 0; step < opProfileSteps; step++) {
                erm.fit(batch);
            }
        } finally {
            executioner.setProfilingConfig(
                    org.nd4j.linalg.profiler.ProfilerConfig.builder().build()); // off
        }
        out().printf(
                        "ND4J op time of %d ERM steps, by op:%n%s%n",
                        opProfileSteps, profiler.getLongAggergator().asPercentageString());
    }

    private MultiDataSet batch() {
        Random random = new Random(1);
        float[] pixels = new float[batchSize * channels * size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        INDArray features = Nd4j.create(pixels, new long[] {batchSize, channels, size, size}, 'c');
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batchSize, 10);
        for (int i = 0; i < batchSize; i++) {
            labels.putScalar(i, random.nextInt(10), 1f);
        }
        return new MultiDataSet(features, labels);
    }

    private static IUpdater base() {
        return new MomentumSgd(0.01, 0.9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}

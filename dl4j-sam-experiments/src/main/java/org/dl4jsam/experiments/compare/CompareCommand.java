package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-sam compare}: train each optimizer (and seed) on the same data, label noise and
 * initialization, and write {@code results.json}, {@code report.md} and PNG charts. The defaults
 * are the demo: Fashion-MNIST with 40% symmetric noise, a small CNN, SGD vs SAM vs SANER vs AE-SAM
 * with the papers' protocol scaled to minutes on two cores.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Compare optimizers under label noise: memorization, test accuracy and cost.")
public final class CompareCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    org.dl4jsam.experiments.DataOptions data = new org.dl4jsam.experiments.DataOptions();

    @picocli.CommandLine.Mixin
    org.dl4jsam.experiments.TrainingOptions training = new org.dl4jsam.experiments.TrainingOptions();

    @Option(
            names = "--optimizers",
            split = ",",
            description = "comma list of SAM presets, or rsgd (regularized SGD), each optionally +gce or +bootstrap "
                    + "for a robust loss: "
                    + "${sys:dl4j-sam.presets}")
    List<String> optimizers = List.of("erm", "sam", "saner", "ae-sam");

    @Option(names = "--validation-fraction", description = "noisy validation split for model selection")
    double validationFraction = 0.1;

    @Option(names = "--augment", description = "random crop + flip (CIFAR)")
    boolean augment;

    @Option(
            names = "--protocol",
            completionCandidates = Protocol.Names.class,
            converter = Protocol.Converter.class,
            description = "${COMPLETION-CANDIDATES}: defaults for the options you leave out — demo (Fashion-MNIST, "
                    + "4,000 images, 20 epochs), long (the same, 60 epochs), paper (SANER's CIFAR-10 protocol: "
                    + "PreAct ResNet-18, 200 epochs, lr 0.1, crop + flip, 25%% noise; needs --data-dir)")
    Protocol protocol = Protocol.DEMO;

    @Option(names = "--seeds", split = ",", description = "comma list of seeds")
    List<Long> seeds = List.of(1L);

    @Option(names = "--out", description = "new run directory (default: runs/compare-TIMESTAMP)")
    Path out;

    @Option(
            names = "--resume",
            description = "continue the interrupted run in this directory with the options and inputs it started with "
                    + "(only --jobs and --no-progress may be added)")
    Path resume;

    @Option(
            names = "--spark",
            description = "train each epoch through DL4J's Spark parameter averaging on this master, e.g. local[2] "
                    + "(local[N]: N workers)")
    String spark;

    @Option(
            names = "--averaging-frequency",
            description = "with --spark: minibatches each worker fits between two averagings",
            defaultValue = "5")
    int averagingFrequency;

    @Option(
            names = "--jobs",
            description = "(optimizer, seed) jobs trained at once (default: one per core); the numbers do not depend "
                    + "on it")
    Integer jobs;

    @Option(
            names = "--threads",
            description = "ND4J threads of each job (default 1); recorded in results.json, as the numbers can depend "
                    + "on it in the last bits")
    int threadsPerJob = 1;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Option(names = "--stop-after", hidden = true, description = "stop after N epochs, as an interruption would")
    int stopAfter;

    @Override
    public Integer call() throws IOException {
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (jobs != null && jobs < 1) {
            throw new IllegalArgumentException("--jobs " + jobs + " is invalid; it must be ≥ 1");
        }
        ExperimentResults results;
        Path runDir;
        if (resume != null) {
            refuseOptionsBesidesResume();
            runDir = resume;
            results = ExperimentResults.read(runDir);
            out.println("resuming " + runDir);
        } else {
            applyProtocol();
            ExperimentConfig config = new ExperimentConfig(
                    training.data(data, validationFraction, augment),
                    training.training(data),
                    training.sam(),
                    optimizers,
                    seeds,
                    spark == null ? null : ExperimentConfig.Spark.of(spark, averagingFrequency),
                    protocol.cliName(),
                    threadsPerJob);
            if (data.dataset instanceof org.dl4jsam.experiments.data.DataSource.BuiltIn builtIn) {
                builtIn.dataset().checkAvailable(data.dataDir);
            }
            runDir = this.out != null
                    ? this.out
                    : Path.of(
                            "runs",
                            "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            runDir = claim(runDir, this.out == null); // before any work: two runs never share a directory
            results = new ExperimentResults(config);
        }
        long start = System.nanoTime();
        boolean progress = !noProgress && System.console() != null;
        int parallel = jobs != null
                ? jobs
                : Math.max(1, Runtime.getRuntime().availableProcessors() / results.config.threadsPerJob());
        ExperimentRunner runner = new ExperimentRunner(results.config, runDir, progress, out, stopAfter, parallel);
        RunInputs data;
        try {
            data = runner.load(); // bad sizes or files fail here, before anything but the claim is written
        } catch (IOException | RuntimeException e) {
            if (resume == null) {
                deleteRecursively(runDir);
            }
            throw e;
        }
        if (resume == null) {
            results.write(runDir);
        }
        try {
            runner.run(results, data);
        } catch (ExperimentRunner.Stopped stopped) {
            out.println(stopped.getMessage() + "; continue with: ./dl4j-sam compare --resume " + runDir);
            return 0;
        } catch (Exception failed) { // Spark throws its exceptions unchecked, whatever their type
            if (resume == null && results.runs.stream().allMatch(r -> r.epochs.isEmpty())) {
                deleteRecursively(runDir); // failed before its first epoch: nothing worth resuming stays behind
            }
            throw failed;
        }
        List<String> charts = Charts.write(runDir, results);
        Report.write(runDir, results, charts);
        out.println();
        out.print(Report.table(Report.summaries(results)));
        out.println();
        out.print(Report.recommendation(Report.summaries(results)));
        out.printf(
                "%nwrote %s (results.json, report.md, %s) in %.0f s%n",
                runDir, String.join(", ", charts), (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Options a resumed run may take: they change how it runs, not what it computes. */
    private static final java.util.Set<String> RESUME_OPTIONS =
            java.util.Set.of("--resume", "--jobs", "--no-progress", "--stop-after");

    /** A resumed run keeps the options it started with: any other option given is refused, not ignored. */
    private void refuseOptionsBesidesResume() {
        List<String> changed = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(option -> option.longestName())
                .filter(name -> !RESUME_OPTIONS.contains(name))
                .toList();
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("--resume continues " + resume + " with the options it started with; "
                    + String.join(", ", changed) + " cannot change (drop "
                    + (changed.size() == 1 ? "it" : "them") + ", or start a new run with --out)");
        }
    }

    /** The protocol's values for every option the command line left out (an explicit option wins). */
    private void applyProtocol() {
        picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (!given.hasMatchedOption("--dataset")) {
            data.dataset = org.dl4jsam.experiments.data.DataSource.parse(protocol.dataset());
        }
        boolean builtIn = !data.dataset.isOwn();
        if (builtIn && !given.hasMatchedOption("--noise")) {
            data.noise = protocol.noise();
        }
        if (builtIn && !given.hasMatchedOption("--model") && !given.hasMatchedOption("--model-file")) {
            training.model = protocol.model();
        }
        if (builtIn && !given.hasMatchedOption("--train-size")) {
            training.trainSize = protocol.trainSize();
        }
        if (builtIn && !given.hasMatchedOption("--test-size")) {
            training.testSize = protocol.testSize();
        }
        if (!given.hasMatchedOption("--epochs")) {
            training.epochs = protocol.epochs();
        }
        if (!given.hasMatchedOption("--lr")) {
            training.learningRate = protocol.learningRate();
        }
        if (!given.hasMatchedOption("--augment")) {
            augment = protocol.augment();
        }
    }

    /**
     * Claims a new run directory atomically: creates it (or takes an empty one) and creates its {@code results.json}
     * with {@code CREATE_NEW}, which exactly one of several runs started at once can do. With the default name the
     * next free {@code NAME-2}, {@code NAME-3}… is taken instead of failing.
     */
    private static Path claim(Path dir, boolean pickAnother) throws IOException {
        for (int n = 1; ; n++) {
            Path candidate = n == 1 ? dir : dir.resolveSibling(dir.getFileName() + "-" + n);
            boolean taken = Files.exists(candidate) && (!Files.isDirectory(candidate) || hasEntries(candidate));
            if (!taken) {
                Files.createDirectories(candidate);
                try {
                    Files.createFile(candidate.resolve("results.json"));
                    return candidate;
                } catch (FileAlreadyExistsException raced) {
                    taken = true; // another run claimed it between the check and here
                }
            }
            if (!pickAnother) {
                throw new FileAlreadyExistsException(
                        candidate.toString(),
                        null,
                        "output directory " + candidate + " exists or another run is writing to it; choose another "
                                + "--out, or continue it with --resume " + candidate);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    @Override
    public String toString() {
        return "compare " + Arrays.asList(data.dataset.argument(), data.noiseArgument(), training.model, optimizers);
    }
}

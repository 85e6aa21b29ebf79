package org.dl4jsam.experiments.issues;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.dl4jsam.experiments.DataOptions;
import org.dl4jsam.experiments.TrainingOptions;
import org.dl4jsam.experiments.compare.ExperimentConfig;
import org.dl4jsam.experiments.compare.NoiseArgument;
import org.dl4jsam.experiments.compare.OptimizerChoice;
import org.dl4jsam.experiments.compare.RunInputs;
import org.dl4jsam.noisylabels.issues.ConfidentLearning;
import org.dl4jsam.noisylabels.issues.DetectionMetrics;
import org.dl4jsam.noisylabels.issues.ExampleSignals;
import org.dl4jsam.noisylabels.issues.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dl4j-sam label-issues}: which training labels are wrong. One training run with a robust optimizer ranks
 * every training example by per-example signals DL4J's training pass yields (area under the margin, loss,
 * self-confidence); the same signals from plain training and confident learning on K-fold out-of-sample
 * probabilities (Northcutt et al. 2021) run beside it. Writes {@code label_issues.csv}, {@code suspects.png}
 * (image data) and {@code report.md}; when the truth is known (injected noise, CIFAR-N, trusted labels) the report
 * measures each method.
 */
@Command(
        name = "label-issues",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Find the wrong labels: rank the training examples from one robust training run, beside plain "
                + "training and confident learning.")
public final class LabelIssuesCommand implements Callable<Integer> {
    /** The method names of {@code --methods}. */
    static final List<String> METHODS = List.of("robust", "erm", "confident-learning");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Option(names = "--optimizer", description = "the robust run's preset")
    String optimizer = "sam";

    @Option(
            names = "--methods",
            split = ",",
            description = "robust (one run with --optimizer), erm (one plain run), confident-learning (K plain runs)")
    List<String> methods = METHODS;

    @Option(names = "--folds", description = "K of confident learning's cross-validation")
    int folds = 5;

    @Option(
            names = "--signal",
            description = "the signal label_issues.csv is ranked by: aum, loss, self-confidence, last-margin")
    String signal = "aum";

    @Option(names = "--seed", description = "seed of initialization, noise, shuffling and folds")
    long seed = 1;

    @Option(names = "--top", description = "suspects shown in suspects.png")
    int top = 25;

    @Option(names = "--out", description = "new output directory (default: runs/label-issues-TIMESTAMP)")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Signal primary = Signal.parse(signal);
        for (String method : methods) {
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException(
                        "--methods " + method + " is unknown; use " + String.join(", ", METHODS));
            }
        }
        if (folds < 2) {
            throw new IllegalArgumentException("--folds " + folds + " is invalid; confident learning needs K ≥ 2");
        }
        ExperimentConfig config = new ExperimentConfig(
                training.data(data, 0, false),
                training.training(data),
                training.sam(),
                List.of(optimizer),
                List.of(seed));
        Path dir = out != null
                ? out
                : Path.of(
                        "runs",
                        "label-issues-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(
                    dir.toString(), null, "--out " + dir + " exists; choose a new directory");
        }
        RunInputs inputs = RunInputs.load(config);
        if (config.data().own() != null && config.data().own().testData() == null) {
            inputs = everyExample(inputs); // the user wants every label checked, the test split's too
        }
        int n = inputs.train().size();
        if (folds > n) {
            throw new IllegalArgumentException("--folds " + folds + " exceeds the " + n + " training examples");
        }
        NoiseArgument.Outcome noise = NoiseArgument.apply(
                config.data().noise(),
                config.data().source(),
                inputs.train(),
                inputs.trainingFile(),
                config.data().cifarNFile() == null
                        ? null
                        : Path.of(config.data().cifarNFile()),
                seed);
        int[] given = noise.labels().noisy();
        Truth truth = Truth.of(noise, inputs);
        console.printf(
                "%s: %d training examples of %s, noise %s (%d labels changed)%s%n",
                config.data().source().argument(),
                n,
                inputs.train().describeShape(),
                config.data().noise(),
                noise.manifest().noisyCount(),
                truth == null ? "; no known truth: the report ranks without measuring" : "");
        console.flush();
        int[] all = IntStream.range(0, n).toArray();
        Map<String, Method> results = new LinkedHashMap<>();
        if (methods.contains("robust")) {
            OptimizerChoice robust = OptimizerChoice.parse(optimizer);
            SignalRun.Result run = SignalRun.train(config, robust, inputs, given, all, seed, console, robust.cliName());
            results.put(robust.cliName(), Method.of(run.signals(), 1, run.seconds()));
        }
        if (methods.contains("erm") && !(methods.contains("robust") && optimizer.equals("erm"))) {
            SignalRun.Result run =
                    SignalRun.train(config, OptimizerChoice.parse("erm"), inputs, given, all, seed, console, "erm");
            results.put("erm", Method.of(run.signals(), 1, run.seconds()));
        }
        ConfidentLearning cl = null;
        double clSeconds = 0;
        double[][] probabilities = null;
        if (methods.contains("confident-learning")) {
            probabilities = new double[n][];
            int[][] foldRows = folds(given, inputs.train().numClasses(), folds, seed);
            for (int k = 0; k < folds; k++) {
                int[] held = foldRows[k];
                boolean[] isHeld = new boolean[n];
                for (int i : held) {
                    isHeld[i] = true;
                }
                int[] rest = IntStream.range(0, n).filter(i -> !isHeld[i]).toArray();
                SignalRun.Result run = SignalRun.train(
                        config,
                        OptimizerChoice.parse("erm"),
                        inputs,
                        given,
                        rest,
                        seed,
                        console,
                        "erm fold " + (k + 1) + "/" + folds);
                clSeconds += run.seconds();
                double[][] p = SignalRun.probabilities(run.network(), inputs, held);
                for (int r = 0; r < held.length; r++) {
                    probabilities[held[r]] = p[r];
                }
            }
            cl = ConfidentLearning.of(probabilities, given);
        }
        Files.createDirectories(dir);
        LabelIssueReport report =
                new LabelIssueReport(config, inputs, noise, given, truth, results, cl, clSeconds, folds, probabilities);
        Method ranked = results.isEmpty() ? null : results.values().iterator().next();
        report.writeCsv(dir.resolve("label_issues.csv"), ranked, primary);
        List<String> files = new ArrayList<>(List.of("label_issues.csv", "report.md"));
        if (ranked != null && inputs.train().isImage()) {
            int[] order = DetectionMetrics.ranking(ranked.scores(primary));
            SuspectGrid.write(dir.resolve("suspects.png"), inputs.train(), order, given, ranked.suggested(), top);
            files.add("suspects.png");
        }
        String markdown = report.markdown(primary);
        Files.writeString(dir.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        console.println();
        console.print(report.table());
        console.printf("%nwrote %s (%s)%n", dir, String.join(", ", files));
        return 0;
    }

    /** The training and test examples of the user's data as one training set (no test set is needed here). */
    private static RunInputs everyExample(RunInputs inputs) {
        int offset = inputs.train().size();
        org.dl4jsam.experiments.data.TrustedLabels.Located trusted = inputs.trusted();
        if (trusted != null) {
            int[] rows = IntStream.concat(
                            IntStream.of(trusted.train()),
                            IntStream.of(trusted.test()).map(r -> r + offset))
                    .toArray();
            int[] labels = IntStream.concat(IntStream.of(trusted.trainLabels()), IntStream.of(trusted.testLabels()))
                    .toArray();
            trusted = new org.dl4jsam.experiments.data.TrustedLabels.Located(rows, labels, new int[0], new int[0]);
        }
        return new RunInputs(
                inputs.train().concat(inputs.test()),
                inputs.test(),
                inputs.normalization(),
                inputs.userModel(),
                trusted,
                null);
    }

    /** Stratified folds: each class's examples, shuffled with the seed, dealt round-robin. */
    static int[][] folds(int[] labels, int classes, int k, long seed) {
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        Random random = new Random(seed);
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            for (int i : members) {
                folds.get(next++ % k).add(i);
            }
        }
        return folds.stream()
                .map(f -> f.stream().mapToInt(Integer::intValue).sorted().toArray())
                .toArray(int[][]::new);
    }

    /**
     * The signals of one training run, as scores per signal.
     *
     * @param signals the signals
     * @param trainings trainings it took
     * @param seconds their wall time
     */
    record Method(ExampleSignals signals, int trainings, double seconds) {
        static Method of(ExampleSignals signals, int trainings, double seconds) {
            return new Method(signals, trainings, seconds);
        }

        double[] scores(Signal signal) {
            double[] out = new double[signals.numExamples()];
            for (int i = 0; i < out.length; i++) {
                out[i] = signals.score(signal, i);
            }
            return out;
        }

        int[] suggested() {
            int[] out = new int[signals.numExamples()];
            for (int i = 0; i < out.length; i++) {
                out[i] = signals.suggestedLabel(i);
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "label-issues %s %s", data.dataset, methods);
    }
}

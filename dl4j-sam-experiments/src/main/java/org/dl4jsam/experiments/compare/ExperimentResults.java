package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dl4jsam.noisylabels.NoiseManifest;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The content of {@code results.json}: the configuration, versions, the noise manifest of every
 * seed, and every epoch's metrics of every (optimizer, seed) run. Written atomically after every
 * epoch, so an interrupted run loses at most the epoch in progress.
 */
public final class ExperimentResults {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES); // "epochs": null is an error, not 0

    /**
     * One epoch of one run.
     *
     * @param epoch the epoch (1-based)
     * @param trainLoss mean training loss
     * @param noisyLabelAccuracy accuracy on the noisy training examples w.r.t. their noisy labels (memorization)
     * @param noisyTrueAccuracy accuracy on the noisy training examples w.r.t. their true labels
     * @param cleanTrainAccuracy accuracy on the clean training examples
     * @param cleanNoisyGap clean-train accuracy minus noisy-true accuracy
     * @param noisyValidationAccuracy accuracy on the noisy validation split (its labels stay noisy)
     * @param testAccuracy test accuracy
     * @param passes forward/backward passes so far
     * @param secondPassFraction fraction of steps so far that took the second pass
     * @param wallSeconds training wall time so far
     */
    public record Epoch(
            @JsonProperty("epoch") int epoch,
            @JsonProperty("trainLoss") double trainLoss,
            @JsonProperty("noisyLabelAccuracy") double noisyLabelAccuracy,
            @JsonProperty("noisyTrueAccuracy") double noisyTrueAccuracy,
            @JsonProperty("cleanTrainAccuracy") double cleanTrainAccuracy,
            @JsonProperty("cleanNoisyGap") double cleanNoisyGap,
            @JsonProperty("noisyValidationAccuracy") double noisyValidationAccuracy,
            @JsonProperty("testAccuracy") double testAccuracy,
            @JsonProperty("passes") double passes,
            @JsonProperty("secondPassFraction") double secondPassFraction,
            @JsonProperty("wallSeconds") double wallSeconds,
            @JsonProperty("sanerNoiseAlignment") Double sanerNoiseAlignment,
            @JsonProperty("sanerKeptAlignment") Double sanerKeptAlignment,
            @JsonProperty("trustedAccuracy") Double trustedAccuracy,
            @JsonProperty("trustedMemorization") Double trustedMemorization) {
        /**
         * For JSON.
         *
         * @param epoch the epoch (1-based)
         * @param trainLoss mean training loss
         * @param noisyLabelAccuracy accuracy on the noisy training examples w.r.t. their noisy labels (memorization)
         * @param noisyTrueAccuracy accuracy on the noisy training examples w.r.t. their true labels
         * @param cleanTrainAccuracy accuracy on the clean training examples
         * @param cleanNoisyGap clean-train accuracy minus noisy-true accuracy
         * @param noisyValidationAccuracy accuracy on the noisy validation split (its labels stay noisy)
         * @param testAccuracy test accuracy
         * @param passes forward/backward passes of the epoch's steps (logit-SAM 3 a step, m-sharpness more; a
         *     forward-only scoring counts ½)
         * @param secondPassFraction fraction of steps so far that took the second pass
         * @param wallSeconds training wall time so far
         * @param sanerNoiseAlignment for SANER presets, {@code cos(m⊙g, g_noise)} on the probe batch
         *     ({@code SanerNoiseAlignment}); null otherwise and in results written before it existed
         * @param sanerKeptAlignment the same for the elements SANER keeps, {@code cos((1−m)⊙g, g_noise)}
         * @param trustedAccuracy accuracy against {@code --trusted-labels}, or null without them
         * @param trustedMemorization fitted wrong given labels among the trusted trained-on examples, or null
         */
        @JsonCreator
        public Epoch {}
    }

    /**
     * The data as loaded.
     *
     * @param classes the class of each label index
     * @param trainExamples training examples (noisy validation included)
     * @param testExamples test examples
     * @param exampleShape one example, e.g. {@code 1×28×28} or {@code 4 features}
     * @param normalization what was applied to the features
     */
    public record DataSummary(
            @JsonProperty("classes") List<String> classes,
            @JsonProperty("trainExamples") int trainExamples,
            @JsonProperty("testExamples") int testExamples,
            @JsonProperty("exampleShape") String exampleShape,
            @JsonProperty("normalization") String normalization) {
        /**
         * For JSON.
         *
         * @param classes the class of each label index
         * @param trainExamples training examples (noisy validation included)
         * @param testExamples test examples
         * @param exampleShape one example
         * @param normalization what was applied to the features
         */
        @JsonCreator
        public DataSummary {}
    }

    /** One optimizer trained with one seed. */
    public static final class Run {
        /** The preset name. */
        @JsonProperty("optimizer")
        public String optimizer;

        /** The seed. */
        @JsonProperty("seed")
        public long seed;

        /** Whether every epoch ran. */
        @JsonProperty("completed")
        public boolean completed;

        /** The epochs so far. */
        @JsonProperty("epochs")
        public List<Epoch> epochs = new ArrayList<>();

        /** For JSON. */
        public Run() {}

        Run(String optimizer, long seed) {
            this.optimizer = optimizer;
            this.seed = seed;
        }

        double wallSeconds() {
            return epochs.stream().mapToDouble(Epoch::wallSeconds).sum();
        }

        double passes() {
            return epochs.stream().mapToDouble(Epoch::passes).sum();
        }
    }

    /** The run's configuration. */
    @JsonProperty("config")
    public ExperimentConfig config;

    /** The data as loaded (set when training starts). */
    @JsonProperty("data")
    public DataSummary data;

    /** Versions of the library, DL4J, Java and the backend. */
    @JsonProperty("versions")
    public Map<String, String> versions = new LinkedHashMap<>();

    /** The noise manifest of each seed. */
    @JsonProperty("noise")
    public Map<String, NoiseManifest> noise = new LinkedHashMap<>();

    /**
     * SHA-256 fingerprints of what the run read (examples, each seed's noisy labels, the model file): a resumed run
     * must read the same.
     */
    @JsonProperty("inputs")
    public Map<String, String> inputs = new LinkedHashMap<>();

    /** Every (optimizer, seed) run. */
    @JsonProperty("runs")
    public List<Run> runs = new ArrayList<>();

    /** For JSON. */
    public ExperimentResults() {}

    ExperimentResults(ExperimentConfig config) {
        this.config = config;
        versions.put("dl4j-sam", org.dl4jsam.experiments.VersionProvider.version());
        versions.put("deeplearning4j", org.dl4jsam.experiments.VersionProvider.DL4J);
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        for (long seed : config.seeds()) {
            for (String optimizer : config.optimizers()) {
                runs.add(new Run(optimizer, seed));
            }
        }
    }

    Run run(String optimizer, long seed) {
        return runs.stream()
                .filter(r -> r.optimizer.equals(optimizer) && r.seed == seed)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("results.json has no run " + optimizer + "/" + seed));
    }

    /**
     * Records an input's fingerprint, or checks it against the one recorded when the run started.
     *
     * @param what the input, e.g. {@code training examples}
     * @param fingerprint its fingerprint now
     * @param changedWhen what the user changed if it differs, e.g. {@code the data directory or its files}
     * @throws IllegalArgumentException if the run started with another input
     */
    void checkInput(String what, String fingerprint, String changedWhen) {
        String recorded = inputs.putIfAbsent(what, fingerprint);
        if (recorded != null && !recorded.equals(fingerprint)) {
            throw new IllegalArgumentException("cannot resume: the " + what + " changed since the run started ("
                    + changedWhen + " changed); restore them, or start a new run with another --out");
        }
    }

    /** Write {@code results.json} atomically. */
    void write(Path runDir) throws IOException {
        Path target = runDir.resolve("results.json");
        Path temp = runDir.resolve("results.json.tmp");
        Files.writeString(temp, MAPPER.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static ExperimentResults read(Path runDir) throws IOException {
        Path file = runDir.resolve("results.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--resume " + runDir + ": no results.json there; give the run directory "
                    + "of an earlier compare");
        }
        try {
            return MAPPER.readValue(file.toFile(), ExperimentResults.class);
        } catch (org.nd4j.shade.jackson.core.JsonProcessingException damaged) {
            throw new IllegalArgumentException(
                    "--resume " + runDir + ": results.json is damaged ("
                            + damaged.getOriginalMessage().replace('\n', ' ')
                            + "); it cannot be resumed — start a new run with another --out",
                    damaged);
        }
    }
}

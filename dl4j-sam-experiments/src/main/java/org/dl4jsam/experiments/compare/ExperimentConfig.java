package org.dl4jsam.experiments.compare;

import java.util.List;
import org.dl4jsam.experiments.catalog.ModelCatalog;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Everything that determines a {@code compare} run, validated on construction and stored in
 * {@code results.json} (so {@code --resume} continues with exactly the same settings): the data and
 * its noise, the training recipe, the SAM hyper-parameters, the optimizers and the seeds.
 *
 * @param data dataset, noise and subsets
 * @param training model and base optimizer
 * @param sam ρ and SANER's α for the SAM presets
 * @param optimizers preset names, in report order
 * @param seeds seeds (initialization, noise, split, shuffling), one run per optimizer and seed
 * @param spark Spark parameter averaging to train through, or null to train on this machine
 * @param protocol the {@code --protocol} whose defaults the run started from, or null
 * @param threadsPerJob ND4J threads of each (optimizer, seed) job
 */
public record ExperimentConfig(
        Data data,
        Training training,
        Sam sam,
        List<String> optimizers,
        List<Long> seeds,
        Spark spark,
        String protocol,
        int threadsPerJob) {

    /**
     * A run on this machine.
     *
     * @param data dataset, noise and subsets
     * @param training model and base optimizer
     * @param sam ρ and SANER's α for the SAM presets
     * @param optimizers preset names, in report order
     * @param seeds seeds, one run per optimizer and seed
     */
    public ExperimentConfig(Data data, Training training, Sam sam, List<String> optimizers, List<Long> seeds) {
        this(data, training, sam, optimizers, seeds, null, null, 1);
    }

    /**
     * A run without a named protocol.
     *
     * @param data dataset, noise and subsets
     * @param training model and base optimizer
     * @param sam ρ and SANER's α for the SAM presets
     * @param optimizers preset names, in report order
     * @param seeds seeds, one run per optimizer and seed
     * @param spark Spark parameter averaging, or null
     */
    public ExperimentConfig(
            Data data, Training training, Sam sam, List<String> optimizers, List<Long> seeds, Spark spark) {
        this(data, training, sam, optimizers, seeds, spark, null, 1);
    }

    /**
     * Training through DL4J's Spark parameter averaging (dl4j-sam-spark).
     *
     * @param master the Spark master URL, e.g. {@code local[2]}
     * @param workers parameter-averaging workers (the training master's {@code numWorkers})
     * @param averagingFrequency minibatches each worker fits between two averagings
     */
    public record Spark(String master, int workers, int averagingFrequency) {
        /**
         * @param master the Spark master URL, e.g. {@code local[2]}
         * @param workers parameter-averaging workers
         * @param averagingFrequency minibatches each worker fits between two averagings
         */
        @JsonCreator
        public Spark(
                @JsonProperty("master") String master,
                @JsonProperty("workers") int workers,
                @JsonProperty("averagingFrequency") int averagingFrequency) {
            if (master == null || master.isBlank()) {
                throw new IllegalArgumentException("--spark needs a master URL, e.g. local[2]");
            }
            if (workers < 1 || averagingFrequency < 1) {
                throw new IllegalArgumentException("--spark-workers and --averaging-frequency must be ≥ 1 (got "
                        + workers + ", " + averagingFrequency + ")");
            }
            this.master = master;
            this.workers = workers;
            this.averagingFrequency = averagingFrequency;
        }

        /**
         * @param master a master URL; {@code local[N]} gives N workers
         * @param averagingFrequency minibatches between averagings
         * @return the settings
         */
        public static Spark of(String master, int averagingFrequency) {
            java.util.regex.Matcher local =
                    java.util.regex.Pattern.compile("local\\[(\\d+)]").matcher(master.strip());
            int workers = local.matches() ? Integer.parseInt(local.group(1)) : 1;
            return new Spark(master.strip(), workers, averagingFrequency);
        }
    }

    /** {@code --weight-decay-mode pytorch}: λ on every trainable parameter, through the SAM step. */
    public static final String PYTORCH = "pytorch";
    /** {@code --weight-decay-mode dl4j-l2}: DL4J's {@code .l2}, weights only. */
    public static final String DL4J_L2 = "dl4j-l2";

    /**
     * The data of a run.
     *
     * @param dataset dataset name (fashion-mnist, mnist, cifar10, cifar100)
     * @param dataDir directory of the dataset files, or null for the default lookup
     * @param cifarNFile CIFAR-N {@code .pt} file for {@code --noise cifarn:KEY}, or null
     * @param noise the {@code --noise} argument
     * @param trainSize training examples used (stratified subset; 0: all)
     * @param testSize test examples used (first n; 0: all)
     * @param validationFraction fraction of the noisy training set held out for model selection
     * @param augment crop + flip augmentation (CIFAR)
     * @param own how a user's image folder or CSV file is read (null for the built-in datasets)
     */
    public record Data(
            String dataset,
            String dataDir,
            String cifarNFile,
            String noise,
            int trainSize,
            int testSize,
            double validationFraction,
            boolean augment,
            org.dl4jsam.experiments.data.OwnDataSpec own) {
        /**
         * A built-in dataset.
         *
         * @param dataset dataset name (fashion-mnist, mnist, cifar10, cifar100)
         * @param dataDir directory of the dataset files, or null for the default lookup
         * @param cifarNFile CIFAR-N {@code .pt} file for {@code --noise cifarn:KEY}, or null
         * @param noise the {@code --noise} argument
         * @param trainSize training examples used (stratified subset; 0: all)
         * @param testSize test examples used (first n; 0: all)
         * @param validationFraction fraction of the noisy training set held out for model selection
         * @param augment crop + flip augmentation (CIFAR)
         */
        public Data(
                String dataset,
                String dataDir,
                String cifarNFile,
                String noise,
                int trainSize,
                int testSize,
                double validationFraction,
                boolean augment) {
            this(dataset, dataDir, cifarNFile, noise, trainSize, testSize, validationFraction, augment, null);
        }

        /**
         * @param dataset dataset name (fashion-mnist, mnist, cifar10, cifar100)
         * @param dataDir directory of the dataset files, or null for the default lookup
         * @param cifarNFile CIFAR-N {@code .pt} file for {@code --noise cifarn:KEY}, or null
         * @param noise the {@code --noise} argument
         * @param trainSize training examples used (stratified subset; 0: all)
         * @param testSize test examples used (first n; 0: all)
         * @param validationFraction fraction of the noisy training set held out for model selection
         * @param augment crop + flip augmentation (CIFAR)
         * @param own how a user's image folder or CSV file is read (null: the defaults; ignored for built-ins)
         */
        @JsonCreator
        public Data(
                @JsonProperty("dataset") String dataset,
                @JsonProperty("dataDir") String dataDir,
                @JsonProperty("cifarNFile") String cifarNFile,
                @JsonProperty("noise") String noise,
                @JsonProperty("trainSize") int trainSize,
                @JsonProperty("testSize") int testSize,
                @JsonProperty("validationFraction") double validationFraction,
                @JsonProperty("augment") boolean augment,
                @JsonProperty("own") org.dl4jsam.experiments.data.OwnDataSpec own) {
            org.dl4jsam.experiments.data.DataSource source = org.dl4jsam.experiments.data.DataSource.parse(dataset);
            if (noise == null) {
                throw new IllegalArgumentException("--noise is missing; use none, symmetric:γ, …");
            }
            NoiseArgument.validate(noise, source);
            if (trainSize < 0 || testSize < 0) {
                throw new IllegalArgumentException("--train-size and --test-size must be ≥ 0 (0: all)");
            }
            if (!(validationFraction >= 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("--validation-fraction must be in [0, 1)");
            }
            this.dataset = source.argument();
            this.dataDir = dataDir;
            this.cifarNFile = cifarNFile;
            this.noise = noise;
            this.trainSize = trainSize;
            this.testSize = testSize;
            this.validationFraction = validationFraction;
            this.augment = augment;
            this.own = source.isOwn() ? (own == null ? org.dl4jsam.experiments.data.OwnDataSpec.DEFAULTS : own) : null;
        }

        /** @return what {@link #dataset()} names */
        public org.dl4jsam.experiments.data.DataSource source() {
            return org.dl4jsam.experiments.data.DataSource.parse(dataset);
        }
    }

    /**
     * The model and its base optimizer (momentum SGD).
     *
     * @param model model name
     * @param epochs training epochs
     * @param batchSize minibatch size
     * @param learningRate initial learning rate
     * @param lrSchedule the learning-rate schedule
     * @param momentum heavy-ball momentum of the base SGD
     * @param weightDecay coupled weight decay λ
     * @param weightDecayMode {@code pytorch} (λ on every trainable parameter, as PyTorch's
     *     SGD(weight_decay); the default) or {@code dl4j-l2} (DL4J's {@code .l2}: weights only)
     * @param fineTune with a {@code file:} model, start from its weights rather than a fresh initialization
     */
    public record Training(
            String model,
            int epochs,
            int batchSize,
            double learningRate,
            LearningRateSchedule lrSchedule,
            double momentum,
            double weightDecay,
            String weightDecayMode,
            boolean fineTune) {
        /** The prefix of a model read from a {@code ModelSerializer} zip ({@code --model-file}). */
        public static final String MODEL_FILE = "file:";

        /**
         * A model trained from a fresh initialization.
         *
         * @param model model name
         * @param epochs training epochs
         * @param batchSize minibatch size
         * @param learningRate initial learning rate
         * @param lrSchedule the learning-rate schedule
         * @param momentum heavy-ball momentum of the base SGD
         * @param weightDecay coupled weight decay λ
         * @param weightDecayMode {@code pytorch} or {@code dl4j-l2}
         */
        public Training(
                String model,
                int epochs,
                int batchSize,
                double learningRate,
                LearningRateSchedule lrSchedule,
                double momentum,
                double weightDecay,
                String weightDecayMode) {
            this(model, epochs, batchSize, learningRate, lrSchedule, momentum, weightDecay, weightDecayMode, false);
        }

        /**
         * @param model model name
         * @param epochs training epochs
         * @param batchSize minibatch size
         * @param learningRate initial learning rate
         * @param lrSchedule the learning-rate schedule
         * @param momentum heavy-ball momentum of the base SGD
         * @param weightDecay coupled weight decay λ
         * @param weightDecayMode {@code pytorch} (λ on every trainable parameter, as PyTorch's
         *     SGD(weight_decay); the default) or {@code dl4j-l2} (DL4J's {@code .l2}: weights only); a
         *     results.json without it predates the option and was made with {@code dl4j-l2}
         * @param fineTune with a {@code file:} model, start from its weights
         */
        @JsonCreator
        public Training(
                @JsonProperty("model") String model,
                @JsonProperty("epochs") int epochs,
                @JsonProperty("batchSize") int batchSize,
                @JsonProperty("learningRate") double learningRate,
                @JsonProperty("lrSchedule") LearningRateSchedule lrSchedule,
                @JsonProperty("momentum") double momentum,
                @JsonProperty("weightDecay") double weightDecay,
                @JsonProperty("weightDecayMode") String weightDecayMode,
                @JsonProperty("fineTune") boolean fineTune) {
            if (model == null) {
                throw new IllegalArgumentException("--model is missing; name a model or give --model-file");
            }
            if (model.startsWith(MODEL_FILE)) {
                model = MODEL_FILE
                        + java.nio.file.Path.of(model.substring(MODEL_FILE.length()))
                                .toAbsolutePath()
                                .normalize();
            } else {
                ModelCatalog.validate(model);
                if (fineTune) {
                    throw new IllegalArgumentException(
                            "--fine-tune needs --model-file: the built-in models have no trained weights");
                }
            }
            positive("--epochs", epochs);
            positive("--batch-size", batchSize);
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException(
                        "--lr " + learningRate + " is invalid; use a positive learning rate");
            }
            if (lrSchedule == null) {
                throw new IllegalArgumentException("--lr-schedule is missing; use constant, step or cosine");
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("--momentum " + momentum + " is invalid; use a value in [0, 1)");
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("--weight-decay and --rho must be ≥ 0");
            }
            String decayMode = weightDecayMode == null ? DL4J_L2 : weightDecayMode;
            if (!List.of(PYTORCH, DL4J_L2).contains(decayMode)) {
                throw new IllegalArgumentException("--weight-decay-mode " + weightDecayMode + " is unknown; use "
                        + PYTORCH + " (every trainable parameter, as the papers) or " + DL4J_L2 + " (weights only)");
            }
            this.model = model;
            this.epochs = epochs;
            this.batchSize = batchSize;
            this.learningRate = learningRate;
            this.lrSchedule = lrSchedule;
            this.momentum = momentum;
            this.weightDecay = weightDecay;
            this.weightDecayMode = decayMode;
            this.fineTune = fineTune;
        }

        /** @return the {@code --model-file}, or null for a named model */
        public java.nio.file.Path modelFile() {
            return model.startsWith(MODEL_FILE) ? java.nio.file.Path.of(model.substring(MODEL_FILE.length())) : null;
        }

        /** @return whether weight decay is applied PyTorch-style by the SAM step (rather than by DL4J's {@code .l2}) */
        public boolean pytorchWeightDecay() {
            return weightDecay > 0 && PYTORCH.equals(weightDecayMode);
        }
    }

    /**
     * The SAM presets' hyper-parameters, and those of regularized SGD ({@code rsgd}).
     *
     * @param rho SAM radius ρ
     * @param alpha SANER's α
     * @param alphaWarmupEpochs epochs over which α is warmed up from 0
     * @param activationPenalty regularized SGD's λ_a on the last hidden activations
     * @param lastLayerDecay regularized SGD's λ_w on the last layer's weights
     */
    public record Sam(
            double rho, double alpha, int alphaWarmupEpochs, double activationPenalty, double lastLayerDecay) {
        /** Regularized SGD's default λ_a and λ_w (ours: the paper tunes them per dataset). */
        public static final double DEFAULT_REGULARIZATION = 0.01;

        /**
         * The SAM hyper-parameters with regularized SGD's defaults.
         *
         * @param rho SAM radius ρ
         * @param alpha SANER's α
         * @param alphaWarmupEpochs epochs over which α is warmed up from 0
         */
        public Sam(double rho, double alpha, int alphaWarmupEpochs) {
            this(rho, alpha, alphaWarmupEpochs, DEFAULT_REGULARIZATION, DEFAULT_REGULARIZATION);
        }

        /**
         * @param rho SAM radius ρ
         * @param alpha SANER's α
         * @param alphaWarmupEpochs epochs over which α is warmed up from 0
         * @param activationPenalty λ_a (absent: the default)
         * @param lastLayerDecay λ_w (absent: the default)
         * @return the settings
         */
        @JsonCreator
        public static Sam fromJson(
                @JsonProperty("rho") double rho,
                @JsonProperty("alpha") double alpha,
                @JsonProperty("alphaWarmupEpochs") int alphaWarmupEpochs,
                @JsonProperty("activationPenalty") Double activationPenalty,
                @JsonProperty("lastLayerDecay") Double lastLayerDecay) {
            return new Sam(
                    rho,
                    alpha,
                    alphaWarmupEpochs,
                    activationPenalty == null ? DEFAULT_REGULARIZATION : activationPenalty,
                    lastLayerDecay == null ? DEFAULT_REGULARIZATION : lastLayerDecay);
        }

        /**
         * Validates the components.
         *
         * @param rho SAM radius ρ
         * @param alpha SANER's α
         * @param alphaWarmupEpochs epochs over which α is warmed up from 0
         * @param activationPenalty λ_a
         * @param lastLayerDecay λ_w
         */
        public Sam {
            if (!(rho >= 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("--weight-decay and --rho must be ≥ 0");
            }
            if (!(alpha >= -1 && alpha <= 1) || alphaWarmupEpochs < 0) {
                throw new IllegalArgumentException("--alpha must be in [-1, 1] and --alpha-warmup ≥ 0");
            }
            if (!(activationPenalty >= 0)
                    || !(lastLayerDecay >= 0)
                    || !Double.isFinite(activationPenalty)
                    || !Double.isFinite(lastLayerDecay)) {
                throw new IllegalArgumentException(
                        "--activation-penalty and --last-layer-decay must be finite and ≥ 0");
            }
        }
    }

    /**
     * Validates the components.
     *
     * @param data dataset, noise and subsets
     * @param training model and base optimizer
     * @param sam ρ and SANER's α for the SAM presets
     * @param optimizers preset names, in report order
     * @param seeds seeds (initialization, noise, split, shuffling), one run per optimizer and seed
     * @param spark Spark parameter averaging to train through, or null to train on this machine
     * @param protocol the {@code --protocol} whose defaults the run started from, or null
     * @param threadsPerJob ND4J threads of each (optimizer, seed) job: fixed, so that the numbers do not depend on
     *     how many jobs run at once
     */
    public ExperimentConfig {
        positive("--threads", threadsPerJob);
        if (data == null || training == null || sam == null) {
            throw new IllegalArgumentException("results.json: config needs data, training and sam");
        }
        if (optimizers == null || optimizers.isEmpty()) {
            throw new IllegalArgumentException(
                    "--optimizers is empty; name at least one of " + OptimizerChoice.names());
        }
        optimizers.forEach(OptimizerChoice::parse);
        if (optimizers.stream().distinct().count() != optimizers.size()) {
            throw new IllegalArgumentException("--optimizers names an optimizer twice: " + optimizers);
        }
        if (seeds == null || seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds must list one or more distinct seeds");
        }
        optimizers = List.copyOf(optimizers);
        seeds = List.copyOf(seeds);
    }

    /**
     * Reads {@code results.json}'s configuration.
     *
     * @param data dataset, noise and subsets
     * @param training model and base optimizer
     * @param sam ρ and SANER's α for the SAM presets
     * @param optimizers preset names, in report order
     * @param seeds seeds, one run per optimizer and seed
     * @param spark Spark parameter averaging, or null
     * @param protocol the protocol, or null
     * @param threadsPerJob threads of each job (absent in files written before it existed: 1)
     * @return the configuration
     */
    @JsonCreator
    static ExperimentConfig fromJson(
            @JsonProperty("data") Data data,
            @JsonProperty("training") Training training,
            @JsonProperty("sam") Sam sam,
            @JsonProperty("optimizers") List<String> optimizers,
            @JsonProperty("seeds") List<Long> seeds,
            @JsonProperty("spark") Spark spark,
            @JsonProperty("protocol") String protocol,
            @JsonProperty("threadsPerJob") Integer threadsPerJob) {
        return new ExperimentConfig(
                data, training, sam, optimizers, seeds, spark, protocol, threadsPerJob == null ? 1 : threadsPerJob);
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " " + value + " is invalid; it must be ≥ 1");
        }
    }
}

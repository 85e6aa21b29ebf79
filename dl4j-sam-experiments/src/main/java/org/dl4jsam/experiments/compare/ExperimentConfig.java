package org.dl4jsam.experiments.compare;

import java.util.List;
import org.dl4jsam.experiments.catalog.ModelCatalog;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Everything that determines a {@code compare} run, validated on construction and stored in
 * {@code results.json} (so {@code --resume} continues with exactly the same settings).
 *
 * @param dataset dataset name (fashion-mnist, mnist, cifar10, cifar100)
 * @param dataDir directory of the dataset files, or null for the default lookup
 * @param cifarNFile CIFAR-N {@code .pt} file for {@code --noise cifarn:KEY}, or null
 * @param noise the {@code --noise} argument
 * @param model model name
 * @param optimizers optimizer names, in report order
 * @param epochs training epochs
 * @param batchSize minibatch size
 * @param learningRate initial learning rate
 * @param lrSchedule constant, step (÷10 at 50% and 75% of the epochs, the SANER protocol scaled) or cosine
 * @param momentum heavy-ball momentum of the base SGD
 * @param weightDecay coupled weight decay λ
 * @param weightDecayMode {@code pytorch} (λ on every trainable parameter, as PyTorch's SGD(weight_decay);
 *     the default) or {@code dl4j-l2} (DL4J's {@code .l2}: weights only); a results.json without it
 *     predates the option and was made with {@code dl4j-l2}
 * @param rho SAM radius ρ
 * @param alpha SANER's α
 * @param alphaWarmupEpochs epochs over which α is warmed up from 0
 * @param trainSize training examples used (stratified subset; 0: all)
 * @param testSize test examples used (first n; 0: all)
 * @param validationFraction fraction of the noisy training set held out for model selection
 * @param augment crop + flip augmentation (CIFAR)
 * @param seeds seeds (initialization, noise, split, shuffling), one run per optimizer and seed
 */
public record ExperimentConfig(
        String dataset,
        String dataDir,
        String cifarNFile,
        String noise,
        String model,
        List<String> optimizers,
        int epochs,
        int batchSize,
        double learningRate,
        String lrSchedule,
        double momentum,
        double weightDecay,
        String weightDecayMode,
        double rho,
        double alpha,
        int alphaWarmupEpochs,
        int trainSize,
        int testSize,
        double validationFraction,
        boolean augment,
        List<Long> seeds) {

    public static final String PYTORCH = "pytorch";
    public static final String DL4J_L2 = "dl4j-l2";

    @JsonCreator
    public ExperimentConfig(
            @JsonProperty("dataset") String dataset,
            @JsonProperty("dataDir") String dataDir,
            @JsonProperty("cifarNFile") String cifarNFile,
            @JsonProperty("noise") String noise,
            @JsonProperty("model") String model,
            @JsonProperty("optimizers") List<String> optimizers,
            @JsonProperty("epochs") int epochs,
            @JsonProperty("batchSize") int batchSize,
            @JsonProperty("learningRate") double learningRate,
            @JsonProperty("lrSchedule") String lrSchedule,
            @JsonProperty("momentum") double momentum,
            @JsonProperty("weightDecay") double weightDecay,
            @JsonProperty("weightDecayMode") String weightDecayMode,
            @JsonProperty("rho") double rho,
            @JsonProperty("alpha") double alpha,
            @JsonProperty("alphaWarmupEpochs") int alphaWarmupEpochs,
            @JsonProperty("trainSize") int trainSize,
            @JsonProperty("testSize") int testSize,
            @JsonProperty("validationFraction") double validationFraction,
            @JsonProperty("augment") boolean augment,
            @JsonProperty("seeds") List<Long> seeds) {
        DatasetChoice datasetChoice = DatasetChoice.parse(dataset);
        ModelCatalog.validate(model);
        if (optimizers == null || optimizers.isEmpty()) {
            throw new IllegalArgumentException(
                    "--optimizers is empty; name at least one of " + OptimizerChoice.names());
        }
        optimizers.forEach(OptimizerChoice::parse);
        if (optimizers.stream().distinct().count() != optimizers.size()) {
            throw new IllegalArgumentException("--optimizers names an optimizer twice: " + optimizers);
        }
        NoiseArgument.validate(noise, datasetChoice);
        positive("--epochs", epochs);
        positive("--batch-size", batchSize);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("--lr " + learningRate + " is invalid; use a positive learning rate");
        }
        if (!List.of("constant", "step", "cosine").contains(lrSchedule)) {
            throw new IllegalArgumentException(
                    "--lr-schedule " + lrSchedule + " is unknown; use constant, step or cosine");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum " + momentum + " is invalid; use a value in [0, 1)");
        }
        if (!(weightDecay >= 0) || !(rho >= 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("--weight-decay and --rho must be ≥ 0");
        }
        String decayMode = weightDecayMode == null ? DL4J_L2 : weightDecayMode;
        if (!List.of(PYTORCH, DL4J_L2).contains(decayMode)) {
            throw new IllegalArgumentException("--weight-decay-mode " + weightDecayMode + " is unknown; use " + PYTORCH
                    + " (every trainable parameter, as the papers) or " + DL4J_L2 + " (weights only)");
        }
        if (!(alpha >= -1 && alpha <= 1) || alphaWarmupEpochs < 0) {
            throw new IllegalArgumentException("--alpha must be in [-1, 1] and --alpha-warmup ≥ 0");
        }
        if (trainSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("--train-size and --test-size must be ≥ 0 (0: all)");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("--validation-fraction must be in [0, 1)");
        }
        if (seeds == null || seeds.isEmpty() || seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds must list one or more distinct seeds");
        }
        this.dataset = datasetChoice.cliName();
        this.dataDir = dataDir;
        this.cifarNFile = cifarNFile;
        this.noise = noise;
        this.model = model;
        this.optimizers = List.copyOf(optimizers);
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.lrSchedule = lrSchedule;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.weightDecayMode = decayMode;
        this.rho = rho;
        this.alpha = alpha;
        this.alphaWarmupEpochs = alphaWarmupEpochs;
        this.trainSize = trainSize;
        this.testSize = testSize;
        this.validationFraction = validationFraction;
        this.augment = augment;
        this.seeds = List.copyOf(seeds);
    }

    /** Whether weight decay is applied PyTorch-style by the SAM step (rather than by DL4J's {@code .l2}). */
    public boolean pytorchWeightDecay() {
        return weightDecay > 0 && PYTORCH.equals(weightDecayMode);
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " " + value + " is invalid; it must be ≥ 1");
        }
    }
}

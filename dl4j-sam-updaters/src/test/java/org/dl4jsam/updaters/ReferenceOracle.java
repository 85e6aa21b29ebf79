package org.dl4jsam.updaters;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/**
 * The independent computation of contract 3 (docs/architecture.md): the papers' formulas (and, where they
 * differ, the official code's) on plain {@code double[]} arrays, for linear least squares
 * ({@code L = (1/B)Σ‖xW + b − y‖²}) and logistic regression, one variant at a time, with a pluggable base
 * updater (plain SGD, or PyTorch's momentum SGD with weight decay). Written from the papers, never from the
 * rules it checks.
 */
final class ReferenceOracle {
    static final int D = 3;
    static final int B = 6;

    /** The two convex problems. */
    enum Loss {
        QUADRATIC(2),
        LOGISTIC(1);

        final int outputs;

        Loss(int outputs) {
            this.outputs = outputs;
        }
    }

    /** Every variant the oracle computes. */
    enum Variant {
        SAM,
        UNNORMALIZED,
        PROJECTED,
        SANER,
        SANER_SGD_D,
        AE_SAM,
        AE_SAM_SANER,
        SAM_WEIGHT_DECAY,
        SAM_WEIGHT_DECAY_IN_ASCENT,
        ERM_WEIGHT_DECAY,
        WEIGHTS_ONLY,
        MICRO_BATCH,
        SUB_BATCH,
        MICRO_BATCH_SANER_THEN_HALVED,
        VASSO,
        ASAM_OFFICIAL,
        ASAM_ALL_PARAMETERS,
        GSAM,
        GSAM_THEN_SANER,
        LOOKSAM,
        SS_SAM,
        FSAM,
        FSAM_SANER,
        WSAM_COUPLED,
        WSAM_DECOUPLED,
        SANER_THEN_WSAM_DECOUPLED,
        ESAM_SWP,
        ESAM,
        MSAM,
        SANER_A,
        SANER_C,
        SANER_AB,
        SS_SAM_SANER_REUSE
    }

    /** How ports drift from the official F-SAM order. */
    enum FsamDrift {
        /** The official order: subtract {@code m_{t−1}}, then update {@code m}. */
        NONE,
        /** Update {@code m} first, then subtract it. */
        UPDATE_FIRST,
        /** Start {@code m} at zero instead of {@code g}. */
        ZERO_START
    }

    /**
     * The hyper-parameters of a run.
     *
     * @param steps the planned steps (AE-SAM's T)
     * @param rho ρ
     * @param alpha SANER's α
     * @param alphaWarmup iterations of SANER's warm-up (0: none)
     * @param lambda1 AE-SAM's λ₁
     * @param lambda2 AE-SAM's λ₂
     * @param weightDecay the decay of the explicit decay variants
     * @param theta VaSSO's θ
     * @param eta ASAM's η
     * @param gsamAlpha GSAM's α
     * @param lookA LookSAM's a
     * @param microBatch m-sharpness' m
     * @param subBatch the rows of the sub-batch step
     * @param sigma F-SAM's σ
     * @param lambdaF F-SAM's λ
     * @param gammaWsam WSAM's γ
     * @param beta ESAM's β
     * @param gammaSds ESAM's γ
     * @param seed the seed of SS-SAM and ESAM's draws
     */
    record Settings(
            int steps,
            double rho,
            double alpha,
            int alphaWarmup,
            double lambda1,
            double lambda2,
            double weightDecay,
            double theta,
            double eta,
            double gsamAlpha,
            double lookA,
            int microBatch,
            int subBatch,
            double sigma,
            double lambdaF,
            double gammaWsam,
            double beta,
            double gammaSds,
            long seed) {}

    /** The base optimizer: how a direction moves the weights. */
    interface Base {
        /** @return its learning rate */
        double learningRate();

        /**
         * @param w the weights, updated in place
         * @param direction the gradient handed to the base optimizer
         */
        void update(double[] w, double[] direction);

        /** @return plain SGD: {@code w −= lr·d} */
        static Base sgd(double lr) {
            return new Base() {
                @Override
                public double learningRate() {
                    return lr;
                }

                @Override
                public void update(double[] w, double[] direction) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] -= lr * direction[i];
                    }
                }
            };
        }

        /** @return PyTorch's SGD(momentum, weight_decay), dampening 0: d += λw; v = μv + d (v = d first); w −= lr·v */
        static Base pytorchMomentum(double lr, double mu, double decay) {
            return new Base() {
                private double[] buffer;

                @Override
                public double learningRate() {
                    return lr;
                }

                @Override
                public void update(double[] w, double[] direction) {
                    if (buffer == null) {
                        buffer = new double[w.length];
                    }
                    for (int i = 0; i < w.length; i++) {
                        double d = direction[i] + decay * w[i];
                        buffer[i] = mu * buffer[i] + d;
                        w[i] -= lr * buffer[i];
                    }
                }
            };
        }
    }

    /** A problem's data: B examples of D features. */
    record Problem(Loss loss, double[][] x, double[][] y) {
        static Problem random(Loss loss, long seed) {
            Random random = new Random(seed);
            double[][] x = new double[B][D];
            double[][] y = new double[B][loss.outputs];
            for (int b = 0; b < B; b++) {
                for (int i = 0; i < D; i++) {
                    x[b][i] = 2 * random.nextGaussian();
                }
                for (int j = 0; j < loss.outputs; j++) {
                    y[b][j] = loss == Loss.LOGISTIC ? random.nextInt(2) : 3 * random.nextGaussian();
                }
            }
            return new Problem(loss, x, y);
        }

        int k() {
            return loss.outputs;
        }

        /** Mean gradient over examples {@code [from, to)}; parameters are [W row-major (D×K), b]. */
        double[] gradient(double[] params, int from, int to) {
            int k = k();
            double[] grad = new double[params.length];
            for (int b = from; b < to; b++) {
                for (int j = 0; j < k; j++) {
                    double z = params[D * k + j];
                    for (int i = 0; i < D; i++) {
                        z += x[b][i] * params[i * k + j];
                    }
                    double dz = loss == Loss.QUADRATIC
                            ? 2 * (z - y[b][j]) //                  d/dz (z − y)²
                            : 1 / (1 + Math.exp(-z)) - y[b][j]; //  d/dz of cross-entropy of σ(z)
                    for (int i = 0; i < D; i++) {
                        grad[i * k + j] += dz * x[b][i] / (to - from);
                    }
                    grad[D * k + j] += dz / (to - from);
                }
            }
            return grad;
        }

        double exampleLoss(double[] params, int b) {
            int k = k();
            double sum = 0;
            for (int j = 0; j < k; j++) {
                double z = params[D * k + j];
                for (int i = 0; i < D; i++) {
                    z += x[b][i] * params[i * k + j];
                }
                double target = y[b][j];
                sum += loss == Loss.QUADRATIC
                        ? (z - target) * (z - target)
                        : -(target * Math.log(1 / (1 + Math.exp(-z)))
                                + (1 - target) * Math.log(1 - 1 / (1 + Math.exp(-z))));
            }
            return sum;
        }
    }

    /** The DL4J network of a problem: one output layer, the given updater, not yet attached. */
    static MultiLayerNetwork network(Loss loss, IUpdater updater) {
        OutputLayer output = loss == Loss.QUADRATIC
                ? new OutputLayer.Builder(new LossL2())
                        .nIn(D)
                        .nOut(2)
                        .activation(Activation.IDENTITY)
                        .build()
                : new OutputLayer.Builder(new LossBinaryXENT())
                        .nIn(D)
                        .nOut(1)
                        .activation(Activation.SIGMOID)
                        .build();
        MultiLayerNetwork network = new MultiLayerNetwork(
                TestNets.base(updater).list().layer(output).build());
        network.init();
        return network;
    }

    /** [W row-major (D×K), b]: the order of DL4J's flat vector, W then b. */
    static double[] flatten(MultiLayerNetwork network) {
        INDArray w = network.getParam("0_W");
        INDArray bias = network.getParam("0_b");
        int k = (int) w.size(1);
        double[] flat = new double[D * k + k];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < k; j++) {
                flat[i * k + j] = w.getDouble(i, j);
            }
        }
        for (int j = 0; j < k; j++) {
            flat[D * k + j] = bias.getDouble(j);
        }
        return flat;
    }

    private final Problem problem;
    private final Variant variant;
    private final Settings s;
    private final Base base;
    private final FsamDrift drift;
    private final int k;
    /** The weights {@code w} (MSAM's network holds {@link #held()}). */
    final double[] w;

    private double mean = 0;
    private double variance = Math.exp(-10);
    private final double[] ema;
    private final double[] stored;
    private double[] estimate; //    F-SAM's m (null before the first step)
    private double[] lastMask; //    SANER's reused mask (null before the first two-pass step)
    private final double[] msamOffset; //  MSAM: the network holds w + ρ·Δ/‖Δ‖
    int reusedSteps;
    int partialDraws;

    ReferenceOracle(Problem problem, Variant variant, Settings settings, Base base, double[] w0, FsamDrift drift) {
        this.problem = problem;
        this.variant = variant;
        this.s = settings;
        this.base = base;
        this.drift = drift;
        this.k = problem.k();
        this.w = w0.clone();
        this.ema = new double[w0.length];
        this.stored = new double[w0.length];
        this.msamOffset = new double[w0.length];
    }

    /** The weights the network holds between steps (MSAM's {@code w̃}, else {@code w}). */
    double[] held() {
        double[] out = w.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += msamOffset[i];
        }
        return out;
    }

    private boolean is(Variant... variants) {
        return Arrays.asList(variants).contains(variant);
    }

    private double[] gradient(double[] params) {
        return problem.gradient(params, 0, B);
    }

    /**
     * One step.
     *
     * @param t the step's index (the model's iteration count)
     * @return whether it took the second pass
     */
    boolean step(int t) {
        int n = w.length;
        boolean inAscent = is(Variant.SAM_WEIGHT_DECAY_IN_ASCENT);
        double[] g = inAscent ? plusDecay(gradient(w), w) : gradient(w);
        double norm = norm(g);
        boolean twoPass = decide(t, norm);
        double[] direction = g;
        if (is(Variant.MSAM)) {
            direction = gradient(held()); //                      DL4J's pass at w̃
        } else if (twoPass) {
            double[] hat = perturbedGradient(t, g, norm, inAscent);
            direction = afterSecondPass(t, g, norm, hat);
            if (is(Variant.WSAM_DECOUPLED, Variant.SANER_THEN_WSAM_DECOUPLED)) {
                // the authors' decoupled form: the base optimizer on g, then w −= lr·α·(ĝ − g)
                double[] sharpness = new double[n];
                for (int i = 0; i < n; i++) {
                    sharpness[i] = direction[i] - g[i];
                }
                base.update(w, g);
                double a = s.gammaWsam() / (1 - s.gammaWsam());
                for (int i = 0; i < n; i++) {
                    w[i] -= base.learningRate() * a * sharpness[i];
                }
                return true;
            }
        } else {
            direction = onePassStep(t, g, norm);
        }
        if (is(Variant.MICRO_BATCH_SANER_THEN_HALVED)) {
            direction = direction.clone();
            for (int i = 0; i < n; i++) {
                direction[i] *= 0.5; //                           the chain's second link, on every step
            }
        }
        if (is(Variant.SAM_WEIGHT_DECAY, Variant.ERM_WEIGHT_DECAY)) {
            direction = plusDecay(direction, w); //              PyTorch SGD(weight_decay): every parameter
        }
        double[] before = w.clone();
        base.update(w, direction);
        if (is(Variant.MSAM)) {
            double[] update = new double[n];
            for (int i = 0; i < n; i++) {
                update[i] = w[i] - before[i]; //                  Δ (for momentum SGD −lr·v: the official −ρ·v/‖v‖)
            }
            double updateNorm = norm(update);
            for (int i = 0; i < n; i++) {
                msamOffset[i] = updateNorm == 0 ? 0 : s.rho() * update[i] / (updateNorm + 1e-12);
            }
        }
        return twoPass;
    }

    /** The second-pass schedule. */
    private boolean decide(int t, double norm) {
        if (is(Variant.ERM_WEIGHT_DECAY, Variant.MSAM)) {
            return false;
        }
        if (is(Variant.AE_SAM, Variant.AE_SAM_SANER, Variant.MICRO_BATCH_SANER_THEN_HALVED)) {
            double squared = norm * norm;
            mean = 0.9 * mean + 0.1 * squared;
            variance = 0.9 * variance + 0.1 * (squared - mean) * (squared - mean);
            double progress = (double) t / s.steps();
            double c = progress * s.lambda1() + (1 - progress) * s.lambda2();
            return squared >= mean + c * Math.sqrt(variance);
        }
        if (is(Variant.LOOKSAM)) {
            return t % 2 == 0;
        }
        if (is(Variant.SS_SAM, Variant.SS_SAM_SANER_REUSE)) {
            return splitMixUniform(s.seed(), t) < 0.5;
        }
        return true;
    }

    /** ε by the variant's geometry, then ĝ by its step algorithm. */
    private double[] perturbedGradient(int t, double[] g, double norm, boolean inAscent) {
        int n = w.length;
        if (is(Variant.MICRO_BATCH, Variant.MICRO_BATCH_SANER_THEN_HALVED)) {
            return microBatchGradient();
        }
        double[] epsilon = new double[n];
        if (is(Variant.UNNORMALIZED, Variant.PROJECTED)) {
            double factor = is(Variant.UNNORMALIZED) ? s.rho() : s.rho() * Math.min(1, 1 / norm);
            for (int i = 0; i < n; i++) {
                epsilon[i] = factor * g[i];
            }
        } else if (is(Variant.WEIGHTS_ONLY)) {
            int scoped = D * k; //                                W entries come first
            double factor = s.rho() / (norm(Arrays.copyOf(g, scoped)) + 1e-12);
            for (int i = 0; i < scoped; i++) {
                epsilon[i] = factor * g[i];
            }
        } else if (is(Variant.VASSO)) {
            for (int i = 0; i < n; i++) { //                      the official code: d_0 = g_0, then the EMA
                ema[i] = t == 0 ? g[i] : (1 - s.theta()) * ema[i] + s.theta() * g[i];
            }
            double f = s.rho() / (norm(ema) + 1e-12);
            for (int i = 0; i < n; i++) {
                epsilon[i] = f * ema[i];
            }
        } else if (is(Variant.ASAM_OFFICIAL, Variant.ASAM_ALL_PARAMETERS)) {
            int scaledEntries = is(Variant.ASAM_OFFICIAL) ? D * k : n; // official: W only
            double[] scale = new double[n];
            double[] tg = new double[n];
            for (int i = 0; i < n; i++) {
                scale[i] = i < scaledEntries ? Math.abs(w[i]) + s.eta() : 1.0;
                tg[i] = scale[i] * g[i];
            }
            double f = s.rho() / (norm(tg) + 1e-12);
            for (int i = 0; i < n; i++) {
                epsilon[i] = f * scale[i] * tg[i]; //             ρ·T²g/‖Tg‖
            }
        } else if (is(Variant.GSAM, Variant.GSAM_THEN_SANER)) {
            double lr = base.learningRate();
            double rhoT = s.rho() * lr / (2 * lr); //              ρ_min = 0, lr_max = 2·lr, lr_min = 0
            for (int i = 0; i < n; i++) {
                epsilon[i] = rhoT * g[i] / (norm + 1e-12);
            }
        } else if (is(Variant.FSAM, Variant.FSAM_SANER)) {
            double[] d = fsamDirection(g);
            double f = s.rho() / (norm(d) + 1e-12);
            for (int i = 0; i < n; i++) {
                epsilon[i] = f * d[i];
            }
        } else if (is(Variant.ESAM, Variant.ESAM_SWP)) {
            // SWP: tensor 0 is W (the first D·k entries), tensor 1 is b; drawn ones get (ρ/β)·g_S/‖g_S‖
            boolean[] drawn = {uniform2(s.seed(), t, 0) < s.beta(), uniform2(s.seed(), t, 1) < s.beta()};
            partialDraws += drawn[0] != drawn[1] ? 1 : 0;
            double squared = 0;
            for (int i = 0; i < n; i++) {
                if (drawn[i < D * k ? 0 : 1]) {
                    squared += g[i] * g[i];
                }
            }
            double f = s.rho() / s.beta() / (Math.sqrt(squared) + 1e-12);
            for (int i = 0; i < n; i++) {
                epsilon[i] = drawn[i < D * k ? 0 : 1] ? f * g[i] : 0;
            }
        } else {
            double f = s.rho() / (norm + 1e-12);
            for (int i = 0; i < n; i++) {
                epsilon[i] = f * g[i];
            }
        }
        double[] perturbed = w.clone();
        for (int i = 0; i < n; i++) {
            perturbed[i] += epsilon[i];
        }
        if (is(Variant.SUB_BATCH)) {
            return problem.gradient(perturbed, 0, s.subBatch());
        }
        if (is(Variant.ESAM)) {
            return selectedGradient(perturbed);
        }
        return inAscent ? plusDecay(gradient(perturbed), perturbed) : gradient(perturbed);
    }

    /** F-SAM's official FriendlySAM.first_step: m = g on the first step; else d = g − σm, then m = λm + (1−λ)g. */
    private double[] fsamDirection(double[] g) {
        int n = g.length;
        double[] d = g.clone();
        if (estimate == null && drift == FsamDrift.ZERO_START) {
            estimate = new double[n];
            for (int i = 0; i < n; i++) {
                estimate[i] = (1 - s.lambdaF()) * g[i];
            }
        } else if (estimate == null) {
            estimate = g.clone();
        } else if (drift != FsamDrift.UPDATE_FIRST) {
            for (int i = 0; i < n; i++) {
                d[i] = g[i] - s.sigma() * estimate[i];
                estimate[i] = s.lambdaF() * estimate[i] + (1 - s.lambdaF()) * g[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                estimate[i] = s.lambdaF() * estimate[i] + (1 - s.lambdaF()) * g[i];
                d[i] = g[i] - s.sigma() * estimate[i];
            }
        }
        return d;
    }

    /** ESAM's SDS: the mean gradient of the ⌊γB⌋ examples whose loss rose most, chosen by hand. */
    private double[] selectedGradient(double[] perturbed) {
        int n = w.length;
        int keep = (int) Math.floor(s.gammaSds() * B);
        Integer[] order = new Integer[B];
        double[] rise = new double[B];
        for (int b = 0; b < B; b++) {
            order[b] = b;
            rise[b] = problem.exampleLoss(perturbed, b) - problem.exampleLoss(w, b);
        }
        Arrays.sort(order, (p, q) -> Double.compare(rise[q], rise[p]));
        double[] mean = new double[n];
        for (int chosen = 0; chosen < keep; chosen++) {
            double[] one = problem.gradient(perturbed, order[chosen], order[chosen] + 1);
            for (int i = 0; i < n; i++) {
                mean[i] += one[i] / keep;
            }
        }
        return mean;
    }

    /** m-sharpness: per micro-batch its own ε and ĝ, then the mean of the micro-batch means. */
    private double[] microBatchGradient() {
        double[] sum = new double[w.length];
        int parts = (B + s.microBatch() - 1) / s.microBatch();
        for (int p = 0; p < parts; p++) {
            int from = p * s.microBatch();
            int to = Math.min(B, from + s.microBatch());
            double[] gp = problem.gradient(w, from, to);
            double factor = s.rho() / (norm(gp) + 1e-12);
            double[] perturbed = w.clone();
            for (int i = 0; i < w.length; i++) {
                perturbed[i] += factor * gp[i];
            }
            double[] hat = problem.gradient(perturbed, from, to);
            for (int i = 0; i < w.length; i++) {
                sum[i] += hat[i] / parts;
            }
        }
        return sum;
    }

    /** The transforms of a two-pass step, in chain order: GSAM, LookSAM's store, SANER, coupled WSAM. */
    private double[] afterSecondPass(int t, double[] g, double norm, double[] hat) {
        int n = w.length;
        double[] direction = hat;
        if (is(Variant.GSAM, Variant.GSAM_THEN_SANER)) {
            double dot = 0;
            double hatSquared = 0;
            for (int i = 0; i < n; i++) {
                dot += g[i] * direction[i];
                hatSquared += direction[i] * direction[i];
            }
            double[] gsam = new double[n];
            for (int i = 0; i < n; i++) {
                double vertical = g[i] - dot / hatSquared * direction[i]; // g⊥
                gsam[i] = direction[i] - s.gsamAlpha() * vertical;
            }
            direction = gsam;
        }
        if (is(Variant.LOOKSAM)) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += direction[i] * g[i];
            }
            for (int i = 0; i < n; i++) {
                stored[i] = direction[i] - dot / (norm * norm) * g[i]; // g_v = ĝ − (ĝ·g/‖g‖²)g
            }
        }
        if (appliesSaner()) {
            double[] mask = new double[n];
            for (int i = 0; i < n; i++) {
                double r = direction[i] / g[i];
                boolean selected =
                        switch (variant) {
                            case SANER_A -> r > 1;
                            case SANER_C -> r < 0;
                            case SANER_AB -> r > 0 && direction[i] != g[i];
                            default -> r > 0 && r < 1;
                        };
                mask[i] = selected && g[i] != 0 ? 1 : 0;
            }
            lastMask = mask;
            double alpha = saner(t);
            double[] masked = new double[n];
            for (int i = 0; i < n; i++) {
                masked[i] = is(Variant.SANER_SGD_D)
                        ? (mask[i] == 1 ? g[i] : direction[i])
                        : (1 - alpha * mask[i]) * direction[i];
            }
            direction = masked;
        }
        if (is(Variant.WSAM_COUPLED)) {
            double a = s.gammaWsam() / (1 - s.gammaWsam());
            double[] weighted = new double[n];
            for (int i = 0; i < n; i++) {
                weighted[i] = g[i] + a * (direction[i] - g[i]); // L + α(L(w+ε) − L(w))
            }
            direction = weighted;
        }
        return direction;
    }

    private boolean appliesSaner() {
        return is(
                Variant.SANER,
                Variant.SANER_SGD_D,
                Variant.GSAM_THEN_SANER,
                Variant.AE_SAM_SANER,
                Variant.MICRO_BATCH_SANER_THEN_HALVED,
                Variant.FSAM_SANER,
                Variant.SANER_THEN_WSAM_DECOUPLED,
                Variant.SANER_A,
                Variant.SANER_C,
                Variant.SANER_AB,
                Variant.SS_SAM_SANER_REUSE);
    }

    /** SANER's α at step t, warmed up from the first step (1-based, as the authors). */
    private double saner(int t) {
        return s.alphaWarmup() == 0 ? s.alpha() : s.alpha() * Math.min(1.0, (t + 1.0) / s.alphaWarmup());
    }

    /** A one-pass step: LookSAM's reuse of g_v, SANER's reused mask, else g. */
    private double[] onePassStep(int t, double[] g, double norm) {
        int n = w.length;
        if (is(Variant.LOOKSAM)) {
            double storedNorm = norm(stored);
            double[] direction = g.clone();
            for (int i = 0; i < n; i++) {
                direction[i] += s.lookA() * norm / storedNorm * stored[i]; // g + a·(‖g‖/‖g_v‖)·g_v, once
            }
            return direction;
        }
        if (is(Variant.SS_SAM_SANER_REUSE) && lastMask != null) {
            double alpha = saner(t);
            double[] direction = new double[n];
            for (int i = 0; i < n; i++) {
                direction[i] = (1 - alpha * lastMask[i]) * g[i];
            }
            reusedSteps += Arrays.stream(lastMask).sum() > 0 ? 1 : 0;
            return direction;
        }
        return g;
    }

    private double[] plusDecay(double[] grad, double[] params) {
        double[] out = grad.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += s.weightDecay() * params[i];
        }
        return out;
    }

    static double norm(double[] v) {
        double sum = 0;
        for (double e : v) {
            sum += e * e;
        }
        return Math.sqrt(sum);
    }

    /** SplitMix64 of (seed, t), written from the published constants: SS-SAM's draw. */
    static double splitMixUniform(long seed, long t) {
        long z = mix(seed + 0x9E3779B97F4A7C15L);
        z = mix(z + 0x9E3779B97F4A7C15L * (t + 1));
        return (z >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64 of (seed, t, tensor): ESAM's tensor draw. */
    static double uniform2(long seed, long t, long tensor) {
        long z = mix(seed + 0x9E3779B97F4A7C15L);
        z = mix(z + 0x9E3779B97F4A7C15L * (t + 1));
        z = mix(z + 0x9E3779B97F4A7C15L * (tensor + 1));
        return (z >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

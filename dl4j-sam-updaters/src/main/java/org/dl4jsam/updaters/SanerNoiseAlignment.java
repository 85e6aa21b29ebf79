package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsam.updaters.spi.Batch;
import org.dl4jsam.updaters.spi.Checks;
import org.dl4jsam.updaters.spi.ParameterSegment;
import org.dl4jsam.updaters.transform.SanerGroup;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * SANER's alignment diagnostic (Luong et al. 2024, §3.2 and Fig. 2): on one batch whose noisy examples
 * are known, how well the part of {@code g} that SANER down-weights points along the gradient of the
 * noisy examples. With {@code g} the batch gradient at {@code w}, {@code ĝ} the gradient at
 * {@code w + ρ·g/‖g‖}, {@code m} the group's mask and {@code g_noise} the gradient of the noisy examples
 * alone at {@code w}, it reports {@code cos(m⊙g, g_noise)}, the same for the elements kept,
 * {@code cos((1−m)⊙g, g_noise)}, and {@code |S_dw|/d}. Measured on a clone of the model (the training
 * model, its batch-norm statistics and optimizer state are untouched), over the trainable parameters;
 * costs three forward/backward passes, so call it now and then (e.g. once per epoch on a probe batch),
 * not on every step.
 */
public final class SanerNoiseAlignment {

    /**
     * One measurement.
     *
     * @param downWeightedCosine {@code cos(m⊙g, g_noise)}
     * @param keptCosine {@code cos((1−m)⊙g, g_noise)}
     * @param downWeightedFraction {@code |S_dw|/d} over the trainable parameters
     */
    public record Alignment(double downWeightedCosine, double keptCosine, double downWeightedFraction) {}

    private SanerNoiseAlignment() {}

    /**
     * @param model a MultiLayerNetwork or ComputationGraph, initialised (it is cloned, not changed)
     * @param batch the batch
     * @param noisy for each example of the batch, whether its label is wrong (at least one true)
     * @param rho the radius of SAM's ε
     * @param group the ratio group whose mask is measured ({@link SanerGroup#B}: SANER's)
     * @return the cosines and the down-weighted fraction
     */
    public static Alignment measure(Model model, Batch batch, boolean[] noisy, double rho, SanerGroup group) {
        Checks.notNull("SanerNoiseAlignment", "model", model);
        Checks.notNull("SanerNoiseAlignment", "batch", batch);
        Checks.finiteAtLeast("SanerNoiseAlignment", "rho", rho, 0.0);
        if (noisy == null || noisy.length != batch.size()) {
            throw new IllegalArgumentException("SanerNoiseAlignment: " + (noisy == null ? "no" : noisy.length)
                    + " noisy flags for a batch of " + batch.size() + " examples; give one flag per example");
        }
        List<Long> noisyRows = new ArrayList<>();
        for (int i = 0; i < noisy.length; i++) {
            if (noisy[i]) {
                noisyRows.add((long) i);
            }
        }
        if (noisyRows.isEmpty()) {
            throw new IllegalArgumentException("SanerNoiseAlignment: the batch has no noisy example; "
                    + "pick a batch with at least one wrong label");
        }
        ModelAccess.requireSupported(model);
        Model copy = model instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork mln
                ? mln.clone()
                : ((org.deeplearning4j.nn.graph.ComputationGraph) model).clone();
        List<ParameterSegment> trainable =
                ParameterLayout.of(ModelAccess.updater(copy), copy.numParams()).segments().stream()
                        .filter(ParameterSegment::trainable)
                        .toList();
        INDArray w = trainableOf(copy.params(), trainable);
        INDArray g = gradientOn(copy, batch, trainable);
        INDArray gNoise = gradientOn(
                copy, batch.select(noisyRows.stream().mapToLong(Long::longValue).toArray()), trainable);
        double norm = g.norm2Number().doubleValue();
        setTrainable(copy.params(), trainable, w.add(g.mul(rho / (norm + 1e-12))));
        INDArray gHat = gradientOn(copy, batch, trainable);
        INDArray mask = g.ulike();
        long masked = group.mask(g, gHat, mask);
        INDArray downWeighted = g.mul(mask);
        INDArray kept = g.sub(downWeighted);
        return new Alignment(cosine(downWeighted, gNoise), cosine(kept, gNoise), (double) masked / g.length());
    }

    private static INDArray gradientOn(Model model, Batch batch, List<ParameterSegment> trainable) {
        ModelAccess.setBatch(model, batch);
        ModelAccess.computeGradientAndScore(model);
        return trainableOf(model.getGradientsViewArray(), trainable);
    }

    private static INDArray flat(INDArray array) {
        return array.rank() == 1 ? array : array.reshape(array.length());
    }

    /** A copy of the trainable entries, concatenated. */
    private static INDArray trainableOf(INDArray full, List<ParameterSegment> trainable) {
        INDArray source = flat(full);
        long total = trainable.stream().mapToLong(ParameterSegment::length).sum();
        INDArray out = Nd4j.create(source.dataType(), total);
        long at = 0;
        for (ParameterSegment segment : trainable) {
            out.get(NDArrayIndex.interval(at, at + segment.length()))
                    .assign(source.get(NDArrayIndex.interval(segment.start(), segment.end())));
            at += segment.length();
        }
        return out;
    }

    private static void setTrainable(INDArray full, List<ParameterSegment> trainable, INDArray values) {
        INDArray target = flat(full);
        long at = 0;
        for (ParameterSegment segment : trainable) {
            target.get(NDArrayIndex.interval(segment.start(), segment.end()))
                    .assign(values.get(NDArrayIndex.interval(at, at + segment.length())));
            at += segment.length();
        }
    }

    private static double cosine(INDArray a, INDArray b) {
        double denominator = a.norm2Number().doubleValue() * b.norm2Number().doubleValue();
        return denominator == 0 ? Double.NaN : a.mul(b).sumNumber().doubleValue() / denominator;
    }
}

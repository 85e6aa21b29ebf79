package org.dl4jsam.updaters.loss;

import java.io.IOException;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.core.JsonGenerator;
import org.nd4j.shade.jackson.databind.JsonSerializer;
import org.nd4j.shade.jackson.databind.SerializerProvider;
import org.nd4j.shade.jackson.databind.annotation.JsonSerialize;
import org.nd4j.shade.jackson.databind.jsontype.TypeSerializer;

/**
 * The wrapper the J-SAM and logit-SAM steps put around an output layer's loss (Baek et al. 2024;
 * Andriushchenko &amp; Flammarion 2022, "SAM direction" / "SAM derivative"): it behaves exactly as the wrapped
 * loss, and besides remembers the output error {@code δ = ∂ℓ/∂z} (per example, with respect to the
 * pre-activations) of the last pass or scoring; when told, the next gradient hands on a given {@code δ} instead,
 * so that DL4J back-propagates an error taken at other weights. When asked, it also keeps each example's loss of
 * the last scored pass (DL4J's first pass included), so that ESAM's selection needs no extra scoring pass at
 * {@code w}. It never reaches a saved model: its JSON is the
 * wrapped loss's own (type and properties), so a saved network holds the user's loss, and the step puts a new
 * recorder around it at the restored network's first J-SAM / logit-SAM step.
 */
@JsonSerialize(using = OutputErrorLoss.AsWrappedLoss.class)
public final class OutputErrorLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    private final ILossFunction inner;
    private transient INDArray recorded;
    private transient INDArray replacement;
    private transient boolean keepExampleLosses;
    private transient INDArray exampleLosses;

    /** @param inner the output layer's own loss */
    public OutputErrorLoss(ILossFunction inner) {
        if (inner == null || inner instanceof OutputErrorLoss) {
            throw new IllegalArgumentException("OutputErrorLoss wraps one non-null loss (got " + inner + ")");
        }
        this.inner = inner;
    }

    /** @return the wrapped loss */
    public ILossFunction getInner() {
        return inner;
    }

    /** @return δ of the last gradient or scoring, or null before any */
    public INDArray recorded() {
        return recorded;
    }

    /**
     * @param error δ to hand on at the next gradient instead of the loss's own (same shape), or null to stop
     */
    public void replaceNextGradient(INDArray error) {
        replacement = error;
    }

    /** From now on, keep each example's loss of every scored pass ({@link #exampleLosses()}). */
    public void keepExampleLosses() {
        keepExampleLosses = true;
    }

    /** @return each example's loss (no regularization) of the last scored pass since {@link #keepExampleLosses()}, or null */
    public INDArray exampleLosses() {
        return exampleLosses;
    }

    /** Forget the kept example losses (a new pass is about to be scored). */
    public void clearExampleLosses() {
        exampleLosses = null;
    }

    private void record(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        keep(inner.computeGradient(labels, preOutput, activation, mask));
    }

    /** A copy outside any workspace: DL4J reuses and closes the arrays of a pass. */
    private void keep(INDArray error) {
        recorded = outsideWorkspaces(error);
    }

    private static INDArray outsideWorkspaces(INDArray array) {
        MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        try {
            return array.dup();
        } finally {
            outside.close();
        }
    }

    @Override
    public double computeScore(
            INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
        if (keepExampleLosses) { // the loss's own score stays as it was: the per-example array is computed beside it
            exampleLosses = outsideWorkspaces(inner.computeScoreArray(labels, preOutput.dup(), activation, mask));
        }
        return inner.computeScore(labels, preOutput, activation, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        record(labels, preOutput, activation, mask);
        return inner.computeScoreArray(labels, preOutput, activation, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activation, INDArray mask) {
        INDArray own = inner.computeGradient(labels, preOutput, activation, mask);
        keep(own);
        if (replacement == null) {
            return own;
        }
        if (!java.util.Arrays.equals(replacement.shape(), own.shape())) {
            throw new IllegalStateException("OutputErrorLoss: the output error to hand on has shape "
                    + java.util.Arrays.toString(replacement.shape()) + ", this pass's is "
                    + java.util.Arrays.toString(own.shape()));
        }
        return own.assign(replacement);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(
            INDArray labels, INDArray preOutput, IActivation activation, INDArray mask, boolean average) {
        return new Pair<>(
                computeScore(labels, preOutput, activation, mask, average),
                computeGradient(labels, preOutput, activation, mask));
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String toString() {
        return "OutputErrorLoss(" + inner + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputErrorLoss other && other.inner.equals(inner);
    }

    @Override
    public int hashCode() {
        return inner.hashCode() + 3;
    }

    /** Writes the wrapped loss in the recorder's place, with the wrapped loss's own type id. */
    static final class AsWrappedLoss extends JsonSerializer<OutputErrorLoss> {
        @Override
        public void serialize(OutputErrorLoss value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            provider.defaultSerializeValue(value.getInner(), generator);
        }

        @Override
        public void serializeWithType(
                OutputErrorLoss value, JsonGenerator generator, SerializerProvider provider, TypeSerializer types)
                throws IOException {
            provider.findValueSerializer(value.getInner().getClass())
                    .serializeWithType(value.getInner(), generator, provider, types);
        }
    }
}

package org.dl4jsam.zoo;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Corrects DL4J 1.0.0-M2.1's SameDiff gradient defect (docs/data-and-zoo.md): every SameDiff-based layer
 * returns {@code f = 2} times the true gradient, for its parameters and for the error it passes on.
 * A self-test measures {@code f} once per JVM by comparing a minimal SameDiff dense layer with DL4J's
 * native {@link DenseLayer} on the same weights; layers then return
 * {@code out/f + (1 − 1/f)·stopGradient(out)} — the same forward value, a backward pass scaled by
 * 1/f. A DL4J release without the defect measures f = 1 and nothing is scaled.
 */
public final class SameDiffGradientScale {
    private static volatile Double factor;

    private SameDiffGradientScale() {}

    /**
     * @return the measured factor {@code f} between SameDiff and native gradients (2 in DL4J 1.0.0-M2.1, measured
     *     on first use)
     */
    @SuppressForbidden(reason = "silences SameDiff's own printing to System.out during the self-test")
    @SuppressWarnings("try") // the workspace scope itself is the point: measure outside any workspace
    public static double factor() {
        Double f = factor;
        if (f == null) {
            synchronized (SameDiffGradientScale.class) {
                if (factor == null) {
                    // May run while another network is mid-pass: no workspaces of its own, outside the caller's.
                    // SameDiff 1.0.0-M2.1 prints every differentiated op to System.out: keep that out of our output.
                    java.io.PrintStream out = System.out;
                    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                    try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                        factor = measure();
                    } finally {
                        System.setOut(out);
                    }
                }
                f = factor;
            }
        }
        return f;
    }

    /** {@code out} with its backward pass divided by {@link #factor()}. */
    static SDVariable corrected(SameDiff sd, SDVariable out) {
        double f = factor();
        if (f == 1.0) {
            return out;
        }
        SDVariable frozen = new StopGradient(sd, out).outputVariable();
        return out.mul(1.0 / f).add(frozen.mul(1.0 - 1.0 / f));
    }

    private static double measure() {
        double[] values = new double[12];
        for (int i = 0; i < values.length; i++) {
            values[i] = -1 + i * (2.0 / 11);
        }
        INDArray input = Nd4j.create(values, new long[] {3, 4}, 'c');
        INDArray labels = Nd4j.eye(3).castTo(DataType.DOUBLE);
        MultiLayerNetwork reference = network(new DenseLayer.Builder()
                .nIn(4)
                .nOut(5)
                .activation(Activation.TANH)
                .build());
        MultiLayerNetwork probe = network(new ProbeDense());
        for (String key : reference.paramTable().keySet()) {
            INDArray target = probe.getParam(key); // native and SameDiff layouts differ: copy by logical shape
            target.assign(reference.getParam(key).reshape(target.shape()));
        }
        reference.setInput(input);
        reference.setLabels(labels);
        reference.computeGradientAndScore();
        probe.setInput(input);
        probe.setLabels(labels);
        probe.computeGradientAndScore();
        double ratio = probe.gradient().getGradientFor("0_W").norm2Number().doubleValue()
                / reference.gradient().getGradientFor("0_W").norm2Number().doubleValue();
        double f = Math.rint(ratio);
        if (Math.abs(ratio - f) > 1e-6 || f < 1) {
            throw new IllegalStateException("SameDiff gradient self-test: SameDiff/native gradient ratio " + ratio
                    + " is not a whole number; this DL4J version behaves in a way the zoo does not know");
        }
        return f;
    }

    private static MultiLayerNetwork network(org.deeplearning4j.nn.conf.layers.Layer hidden) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .seed(1)
                .trainingWorkspaceMode(WorkspaceMode.NONE)
                .inferenceWorkspaceMode(WorkspaceMode.NONE)
                .updater(new NoOp())
                .list()
                .layer(hidden)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(5)
                        .nOut(3)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.feedForward(4))
                .build());
        net.init();
        return net;
    }

    /** A 4 → 5 tanh dense layer written in SameDiff, uncorrected: the probe of the self-test. */
    static final class ProbeDense extends SameDiffLayer {
        private static final long serialVersionUID = 1L;

        ProbeDense() {}

        @Override
        public SDVariable defineLayer(
                SameDiff sd, SDVariable layerInput, Map<String, SDVariable> params, SDVariable mask) {
            return sd.math().tanh(layerInput.mmul(params.get("W")).add(params.get("b")));
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.addWeightParam("W", 4, 5);
            params.addBiasParam("b", 1, 5);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("W").assign(0.1);
            params.get("b").assign(0);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return InputType.feedForward(5);
        }
    }
}

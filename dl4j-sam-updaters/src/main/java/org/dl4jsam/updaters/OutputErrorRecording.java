package org.dl4jsam.updaters;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.dl4jsam.updaters.loss.OutputErrorLoss;
import org.dl4jsam.updaters.spi.OutputErrors;
import org.dl4jsam.updaters.spi.PerturbedPassAware;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * What the step tells a model's output losses: the {@link OutputErrorLoss} recorders it puts around them once
 * a step algorithm asks for output errors (J-SAM, logit-SAM), and the start, rows and end of the passes at
 * perturbed weights for losses that want to know ({@link PerturbedPassAware}).
 */
final class OutputErrorRecording {
    private final Model model;
    private OutputErrorLoss[] recorders;
    private List<PerturbedPassAware> aware = List.of();
    private boolean keepingLosses;
    private INDArray firstPassLosses;

    OutputErrorRecording(Model model) {
        this.model = model;
    }

    /** The perturbed passes begin (the last pass was the step's clean first pass). */
    void enterPerturbedPasses() {
        firstPassLosses = keepingLosses ? lastExampleLosses() : null;
        aware = new ArrayList<>();
        for (ILossFunction output : ModelAccess.outputLosses(model)) {
            ILossFunction loss = output instanceof OutputErrorLoss wrapper ? wrapper.getInner() : output;
            if (loss instanceof PerturbedPassAware a) {
                aware.add(a);
            }
        }
        aware.forEach(PerturbedPassAware::enterPerturbedPasses);
    }

    /** The next pass works on these rows of the step's batch (null: all). */
    void nextPassRows(long[] rows) {
        for (PerturbedPassAware a : aware) {
            a.nextPassRows(rows);
        }
    }

    /** The perturbed passes are over, also when they failed: DL4J's next first pass uses the losses' own error. */
    void exitPerturbedPasses() {
        aware.forEach(PerturbedPassAware::exitPerturbedPasses);
        aware = List.of();
        if (recorders != null) {
            for (OutputErrorLoss recorder : recorders) {
                recorder.replaceNextGradient(null);
            }
        }
    }

    /**
     * Each example's loss in the step's first pass (DL4J's, at {@code w}, training mode), summed over the outputs;
     * the first call puts the recorders on and returns null, as that pass was not recorded.
     *
     * @param rows the step's batch size (a recording of another size is not used)
     * @return the losses, or null
     */
    INDArray firstPassLosses(long rows) {
        if (!keepingLosses) {
            installRecorders();
            for (OutputErrorLoss recorder : recorders) {
                recorder.keepExampleLosses();
            }
            keepingLosses = true;
            return null;
        }
        return firstPassLosses == null || firstPassLosses.length() != rows ? null : firstPassLosses;
    }

    /**
     * Each example's loss at the current weights in a training-mode forward pass (BatchNorm on the batch's
     * statistics, as in the first pass), summed over the outputs: from the outputs where their activation allows
     * ({@link ModelAccess#trainingModeLossesFromOutputs}), else DL4J's {@code score(data, true)} with the
     * recorders keeping the per-example values. No backward pass.
     *
     * @param batch the examples
     * @return the losses, one per example
     */
    INDArray trainingModeLosses(org.dl4jsam.updaters.spi.Batch batch) {
        firstPassLosses(batch.size()); // keeps losses from now on
        INDArray fromOutputs = ModelAccess.trainingModeLossesFromOutputs(model, batch);
        if (fromOutputs != null) {
            return fromOutputs;
        }
        for (OutputErrorLoss recorder : recorders) {
            recorder.clearExampleLosses();
        }
        ModelAccess.scoreInTrainingMode(model, batch);
        INDArray losses = lastExampleLosses();
        if (losses == null) {
            throw new IllegalStateException("the output losses recorded no per-example losses in the training-mode "
                    + "scoring; the output layers are not BaseOutputLayers with a recordable loss");
        }
        return losses;
    }

    private INDArray lastExampleLosses() {
        INDArray sum = null;
        for (OutputErrorLoss recorder : recorders) {
            INDArray losses = recorder.exampleLosses();
            if (losses == null) {
                return null;
            }
            sum = ModelAccess.addPerExample(sum, losses);
        }
        return sum;
    }

    private void installRecorders() {
        if (recorders == null) {
            List<BaseOutputLayer> outputs = ModelAccess.outputLayers(model);
            recorders = new OutputErrorLoss[outputs.size()];
            for (int i = 0; i < recorders.length; i++) {
                BaseOutputLayer out = outputs.get(i);
                if (out.getLossFn() instanceof OutputErrorLoss existing) {
                    recorders[i] = existing; // a model cloned with the recorder on
                } else {
                    recorders[i] = new OutputErrorLoss(out.getLossFn());
                    out.setLossFn(recorders[i]);
                }
            }
        }
    }

    /** The output errors of the passes; the first call puts the recorders on the output layers. */
    OutputErrors errors() {
        installRecorders();
        return new OutputErrors() {
            @Override
            public INDArray[] last() {
                INDArray[] errors = new INDArray[recorders.length];
                for (int i = 0; i < errors.length; i++) {
                    errors[i] = recorders[i].recorded();
                    if (errors[i] == null) {
                        return null;
                    }
                }
                return errors;
            }

            @Override
            public void handOn(INDArray[] errors) {
                if (errors != null && errors.length != recorders.length) {
                    throw new IllegalArgumentException(
                            errors.length + " output errors for " + recorders.length + " output layers");
                }
                for (int i = 0; i < recorders.length; i++) {
                    recorders[i].replaceNextGradient(errors == null ? null : errors[i]);
                }
            }
        };
    }
}

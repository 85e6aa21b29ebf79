package org.dl4jsam.updaters;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Runtime of {@link SharpnessAwareUpdater}: delegates to the base updater's runtime after checking
 * that {@link SharpnessAwareListener} prepared this step's gradient.
 *
 * <p>For configurations whose rules keep state ({@link UpdaterStateMirror}), DL4J sizes an updater block's state
 * as the sum of {@link SharpnessAwareUpdater#stateSize} over the block's parameter variables, so the block holds
 * the base updater's state for all its parameters, then the rules' {@code A} parameter-sized arrays over those
 * parameters, then one slot per variable. The block's parameter count, needed to split them, is known only from
 * the first gradient (or from the block, via {@link #bind}); the base runtime is made then. The last slot of the
 * block is the one used; the others stay as initialized.
 */
final class SharpnessAwareGradientUpdater implements GradientUpdater<SharpnessAwareUpdater> {
    private final SharpnessAwareUpdater config;
    private GradientUpdater<?> base;
    private INDArray pendingView;
    /** The value this runtime filled a fresh view with, until {@link #bind} (null: the view was not fresh). */
    private Double pendingFill;

    private INDArray arrays;
    private INDArray slot;

    /**
     * @param config the configuration
     * @param view the block's state view (null when the configuration keeps no state)
     * @param initialize whether the view is fresh and must be initialized
     */
    SharpnessAwareGradientUpdater(SharpnessAwareUpdater config, INDArray view, boolean initialize) {
        this.config = config;
        if (config.slotSize() == 0) {
            base = config.getBase().instantiate(view, initialize);
        } else {
            pend(view, initialize);
        }
    }

    /**
     * Keep the view until the block's size is known; initialize it now, because DL4J assigns restored or
     * broadcast state into the view right after making the runtime. DL4J's updaters initialize their state by
     * filling it (0 or ε), so the whole view is filled with that value; slots still holding it when the view is
     * split are zeroed (unwritten).
     */
    private void pend(INDArray view, boolean initialize) {
        pendingView = requireView(view, config.slotSize());
        base = null;
        arrays = null;
        slot = null;
        pendingFill = null;
        if (initialize) {
            pendingFill = initialValue();
            view.assign(pendingFill);
        }
    }

    /** The value the base updater fills a fresh state with, read off a two-parameter scratch state. */
    private double initialValue() {
        long size = config.getBase().stateSize(2);
        if (size == 0) {
            return 0;
        }
        INDArray scratch = Nd4j.zeros(DataType.DOUBLE, 1, size);
        config.getBase().instantiate(scratch, true);
        double min = scratch.minNumber().doubleValue();
        if (min != scratch.maxNumber().doubleValue()) {
            throw new IllegalStateException(
                    "SharpnessAwareUpdater: " + config.getBase().getClass().getSimpleName()
                            + " does not start from a uniform state, which a configuration with mirrored rule state "
                            + "(AE-SAM, F-SAM, VaSSO, LookSAM, MSAM, ...) needs: use one of DL4J's updaters (Sgd, Nesterovs, Adam, AdamW, ...) or MomentumSgd");
        }
        return min;
    }

    /** A runtime over an already made base runtime (SameDiff's map-based state: no slot). */
    SharpnessAwareGradientUpdater(SharpnessAwareUpdater config, GradientUpdater<?> base) {
        this.config = config;
        this.base = base;
    }

    private static INDArray requireView(INDArray view, long slotSize) {
        if (view == null || view.length() < slotSize) {
            throw new IllegalStateException("SharpnessAwareUpdater: the updater state view holds "
                    + (view == null ? 0 : view.length()) + " entries, fewer than the " + slotSize
                    + " of SAM's mirrored state: the state was saved by another configuration (or by dl4j-sam before "
                    + "0.1.0)");
        }
        return view;
    }

    /**
     * Split the block's state into the base updater's part, the rules' arrays and the slots, once.
     *
     * @param blockParams the number of parameters the block updates
     */
    void bind(long blockParams) {
        if (base != null) {
            return;
        }
        long slotSize = config.slotSize();
        long baseSize = config.getBase().stateSize(blockParams);
        long arraysSize = config.arraysPerParameter() * blockParams;
        long length = pendingView.length();
        long extra = length - baseSize - arraysSize;
        if (extra < slotSize || extra % slotSize != 0) {
            throw new IllegalStateException("SharpnessAwareUpdater: a block of " + blockParams + " parameters has "
                    + length + " state entries, which is not its base updater's " + baseSize + " plus " + arraysSize
                    + " of SAM's arrays plus whole slots of " + slotSize + ": the updater state was saved by another "
                    + "configuration (or by dl4j-sam before 0.1.0)");
        }
        INDArray view = pendingView;
        INDArray slots = segment(view, baseSize, length);
        if (pendingFill != null
                && slots.minNumber().doubleValue() == pendingFill
                && slots.maxNumber().doubleValue() == pendingFill) {
            slots.assign(0); // still as this runtime filled it (nothing was restored into it): unwritten
        }
        arrays = arraysSize == 0 ? null : segment(view, baseSize, baseSize + arraysSize);
        slot = segment(view, length - slotSize, length);
        base = config.getBase().instantiate(baseSize == 0 ? null : segment(view, 0, baseSize), false);
        pendingView = null;
        pendingFill = null;
    }

    /** A [1, to − from] view of entries {@code from..to} of a row-vector (or vector) view. */
    private static INDArray segment(INDArray view, long from, long to) {
        return view.rank() == 2
                ? view.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to))
                : view.get(NDArrayIndex.interval(from, to)).reshape(1, to - from);
    }

    /** @return the block's entries that mirror the rules' arrays ({@code [1, A·n]}); null before {@link #bind} or without arrays */
    INDArray arrays() {
        return arrays;
    }

    /** @return the entries of this block's state that mirror the rules' scalar state; null before {@link #bind} or without a slot */
    INDArray slot() {
        return slot;
    }

    @Override
    public SharpnessAwareUpdater getConfig() {
        return config;
    }

    /** The base updater's runtime (null until the first gradient when the configuration has a slot). */
    public GradientUpdater<?> getBase() {
        return base;
    }

    private GradientUpdater<?> bound() {
        if (base == null) {
            throw new IllegalStateException("SharpnessAwareUpdater: the base updater's state is laid out at the "
                    + "first step; fit the model once (or restore it) before reading that state");
        }
        return base;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        bound().setState(stateMap, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return bound().getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (config.slotSize() == 0) {
            bound().setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
            return;
        }
        pend(viewArray, initialize);
        if (gradientShape != null) {
            long params = 1;
            for (long dimension : gradientShape) {
                params *= dimension;
            }
            bind(params);
        }
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        SamStepGuard.Mark mark = SamStepGuard.requireHandled(iteration, epoch);
        bind(gradient.length());
        if (mark.skip()) {
            gradient.assign(0); // step skipped: no update, base state untouched
            return;
        }
        base.applyUpdater(gradient, iteration, epoch);
    }
}

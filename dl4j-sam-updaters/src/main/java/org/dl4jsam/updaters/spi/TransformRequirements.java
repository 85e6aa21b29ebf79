package org.dl4jsam.updaters.spi;

/**
 * What a gradient transform needs from the step, declared once by its configuration
 * ({@link GradientTransformConfig#requirements()}) and checked in one place: the configuration-level needs
 * when a {@code SamConfig} is built, the model-level ones when the step is attached to a model.
 *
 * @param cleanGradient it reads {@code g} on two-pass steps ({@link StepContext#cleanGradient()}): the step
 *     keeps one parameter-sized copy of it
 * @param epochCount its schedule reads the model's epoch count: the step warns when that count stands still
 * @param weightBackupUntilUpdate it keeps data in the weight backup ({@link StepContext#borrowWeightBackup()})
 *     from {@code apply} until {@code afterUpdate}: it must end the chain, so that no later transform borrows
 *     the backup in between
 * @param onePassOnly it defines the whole step and takes no second pass (MSAM): the configuration's schedule
 *     must be {@code NoSecondPassConfig}
 * @param learningRates it reads each parameter's learning rate ({@link StepContext#learningRate(ParameterSegment)}):
 *     every trainable parameter's base updater must have one
 */
public record TransformRequirements(
        boolean cleanGradient,
        boolean epochCount,
        boolean weightBackupUntilUpdate,
        boolean onePassOnly,
        boolean learningRates) {

    /** @return no requirement (a transform that works on {@code gradient()} alone) */
    public static TransformRequirements none() {
        return new TransformRequirements(false, false, false, false, false);
    }

    /** @return only {@link #cleanGradient()} (the default of {@link GradientTransformConfig}) */
    public static TransformRequirements readsCleanGradient() {
        return none().withCleanGradient();
    }

    /** @return these requirements with {@link #cleanGradient()} */
    public TransformRequirements withCleanGradient() {
        return new TransformRequirements(true, epochCount, weightBackupUntilUpdate, onePassOnly, learningRates);
    }

    /** @return these requirements with {@link #epochCount()} */
    public TransformRequirements withEpochCount() {
        return new TransformRequirements(cleanGradient, true, weightBackupUntilUpdate, onePassOnly, learningRates);
    }

    /** @return these requirements with {@link #weightBackupUntilUpdate()} */
    public TransformRequirements withWeightBackupUntilUpdate() {
        return new TransformRequirements(cleanGradient, epochCount, true, onePassOnly, learningRates);
    }

    /** @return these requirements with {@link #onePassOnly()} */
    public TransformRequirements withOnePassOnly() {
        return new TransformRequirements(cleanGradient, epochCount, weightBackupUntilUpdate, true, learningRates);
    }

    /** @return these requirements with {@link #learningRates()} */
    public TransformRequirements withLearningRates() {
        return new TransformRequirements(cleanGradient, epochCount, weightBackupUntilUpdate, onePassOnly, true);
    }
}

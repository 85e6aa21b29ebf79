package org.dl4jsam.updaters.spi;

/** What one parameter array of a layer is, as read from the layer's DL4J configuration. */
public enum ParameterKind {
    /** A weight matrix or kernel (what DL4J's {@code .l2} decays). */
    WEIGHT,
    /** A bias vector. */
    BIAS,
    /** BatchNormalization's scale γ. */
    BATCHNORM_GAMMA,
    /** BatchNormalization's shift β. */
    BATCHNORM_BETA,
    /** Running statistics or another entry DL4J updates without a learning rate (never trainable). */
    STATISTIC,
    /** Anything else (custom layers' parameters, vertices). */
    OTHER
}

package org.dl4jsam.updaters;

/** Thrown by a SAM step under {@link NonFinitePolicy#FAIL} when a gradient is not finite. */
public final class NonFiniteGradientException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NonFiniteGradientException(String message) {
        super(message);
    }
}

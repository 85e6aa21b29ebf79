package org.dl4jsam.updaters.spi;

/** Hyper-parameter validation with messages that name the parameter, its value and its valid range. */
public final class Checks {
    private Checks() {}

    /**
     * Requires a finite value ≥ {@code min}.
     *
     * @param owner what is validated, named in the message
     * @param name the parameter's name
     * @param value its value
     * @param min the smallest valid value
     * @return {@code value}
     */
    public static double finiteAtLeast(String owner, String name, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw invalid(owner, name, value, "a finite number ≥ " + min);
        }
        return value;
    }

    /**
     * Requires a finite value.
     *
     * @param owner what is validated, named in the message
     * @param name the parameter's name
     * @param value its value
     * @return {@code value}
     */
    public static double finite(String owner, String name, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(owner, name, value, "a finite number");
        }
        return value;
    }

    /**
     * Requires a value in {@code [lo, hi)}.
     *
     * @param owner what is validated, named in the message
     * @param name the parameter's name
     * @param value its value
     * @param lo the smallest valid value
     * @param hi the bound above the valid values
     * @return {@code value}
     */
    public static double inHalfOpenRange(String owner, String name, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw invalid(owner, name, value, "[" + lo + ", " + hi + ")");
        }
        return value;
    }

    /**
     * Requires a value in {@code (lo, hi)}.
     *
     * @param owner what is validated, named in the message
     * @param name the parameter's name
     * @param value its value
     * @param lo the bound below the valid values
     * @param hi the bound above the valid values
     * @return {@code value}
     */
    public static double inOpenRange(String owner, String name, double value, double lo, double hi) {
        if (!(value > lo && value < hi)) {
            throw invalid(owner, name, value, "(" + lo + ", " + hi + ")");
        }
        return value;
    }

    /**
     * Requires a value ≥ 1.
     *
     * @param owner what is validated, named in the message
     * @param name the parameter's name
     * @param value its value
     * @return {@code value}
     */
    public static long positive(String owner, String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + ": " + name + " = " + value + " is invalid; it must be ≥ 1");
        }
        return value;
    }

    /**
     * Requires a non-null value.
     *
     * @param owner what is validated, named in the message
     * @param name the parameter's name
     * @param value its value
     * @param <T> the value's type
     * @return {@code value}
     */
    public static <T> T notNull(String owner, String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(owner + ": " + name + " must not be null");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String owner, String name, double value, String range) {
        return new IllegalArgumentException(owner + ": " + name + " = " + value + " is invalid; it must be " + range);
    }
}

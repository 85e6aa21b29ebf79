package org.dl4jsam.updaters.spi;

/** Hyper-parameter validation with messages that name the parameter, its value and its valid range. */
public final class Checks {
    private Checks() {}

    public static double finiteAtLeast(String owner, String name, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw invalid(owner, name, value, "a finite number ≥ " + min);
        }
        return value;
    }

    public static double finite(String owner, String name, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(owner, name, value, "a finite number");
        }
        return value;
    }

    public static double inHalfOpenRange(String owner, String name, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw invalid(owner, name, value, "[" + lo + ", " + hi + ")");
        }
        return value;
    }

    public static double inOpenRange(String owner, String name, double value, double lo, double hi) {
        if (!(value > lo && value < hi)) {
            throw invalid(owner, name, value, "(" + lo + ", " + hi + ")");
        }
        return value;
    }

    public static long positive(String owner, String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + ": " + name + " = " + value + " is invalid; it must be ≥ 1");
        }
        return value;
    }

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

package org.dl4jsam.updaters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Double-precision array assertions: element-wise closeness and bit-exact equality. */
final class Approx {
    private Approx() {}

    /** |actual − expected| ≤ atol + rtol·|expected| element-wise. */
    static void assertAllClose(double[] actual, double[] expected, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = atol + rtol * Math.abs(expected[i]);
            if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (tolerance "
                        + tolerance + ")");
            }
        }
    }

    static void assertAllClose(INDArray actual, INDArray expected, double rtol, double atol, String what) {
        assertAllClose(
                actual.dup('c').data().asDouble(), expected.dup('c').data().asDouble(), rtol, atol, what);
    }

    /** Bit-exact equality (INDArray.equals has a tolerance). */
    static void assertBitExact(INDArray actual, INDArray expected, String what) {
        assertArrayEquals(
                expected.dup('c').data().asDouble(), actual.dup('c').data().asDouble(), 0.0, what);
    }
}

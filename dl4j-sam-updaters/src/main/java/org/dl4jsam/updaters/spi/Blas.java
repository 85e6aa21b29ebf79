package org.dl4jsam.updaters.spi;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** In-place level-1 vector operations on flat views, without temporaries (for rule authors). */
public final class Blas {
    private Blas() {}

    /**
     * {@code y += alpha·x} in place.
     *
     * @param alpha the factor
     * @param x the added vector
     * @param y the vector updated in place
     */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        if (alpha != 0.0) {
            Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
        }
    }

    /**
     * @param x a vector
     * @param y a vector of the same length
     * @return {@code x·y}
     */
    public static double dot(INDArray x, INDArray y) {
        return Nd4j.getBlasWrapper().dot(x, y);
    }

    /**
     * The Euclidean norm {@code √(x·x)} through BLAS {@code dot}: on a CPU several times faster than
     * ND4J's {@code norm2Number()} reduction (0.1 ms against 1 ms on 670k floats, one thread). NaN or
     * infinite entries give a non-finite norm, as the engine's checks need.
     *
     * @param x a vector (or a contiguous view)
     * @return ‖x‖₂
     */
    public static double norm2(INDArray x) {
        return Math.sqrt(dot(x, x));
    }
}

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
}

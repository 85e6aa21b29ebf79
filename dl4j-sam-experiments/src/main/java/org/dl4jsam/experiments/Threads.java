package org.dl4jsam.experiments;

import org.nd4j.linalg.factory.Nd4j;

/** Limits ND4J's OpenMP and BLAS threads for steadier timings on a shared machine. */
public final class Threads {
    private Threads() {}

    /**
     * Limit ND4J's OpenMP and BLAS threads.
     *
     * @param threads the thread count, or 0 for ND4J's default
     */
    public static void limit(int threads) {
        if (threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }
}

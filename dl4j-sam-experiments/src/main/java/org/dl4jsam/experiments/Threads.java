package org.dl4jsam.experiments;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Limits ND4J's threads (its own pool, BLAS, and the OpenMP teams of the calling thread, which oneDNN uses) for
 * steadier timings on a shared machine and for jobs that run side by side: OpenMP's thread count is per calling
 * thread, so every thread that trains calls this itself.
 */
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
            org.nd4j.nativeblas.NativeOpsHolder.getInstance()
                    .getDeviceNativeOps()
                    .setOmpNumThreads(threads);
        }
    }
}

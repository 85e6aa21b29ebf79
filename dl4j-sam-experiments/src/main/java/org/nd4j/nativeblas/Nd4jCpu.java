package org.nd4j.nativeblas;

/**
 * A compatibility name, not part of dl4j-sam's API. DeepLearning4J 1.0.0-M2.1 decides whether its layers may use
 * oneDNN by looking up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, the pre-M2.1 name of ND4J's native
 * environment; M2.1's ND4J moved it to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}, so the lookup fails
 * and DL4J falls back to its slower built-in kernels even with a oneDNN build of libnd4j. This class answers that
 * lookup with the real environment's answer. It is only consulted when {@code
 * org.eclipse.deeplearning4j.helpers.disable=false}, which {@code org.dl4jsam.experiments.OneDnn} sets.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    /** The environment DL4J asks whether oneDNN is in use. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        /** @return the one instance */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** @return whether the loaded libnd4j was built with oneDNN and uses it */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
                    .isUseONEDNN();
        }
    }
}

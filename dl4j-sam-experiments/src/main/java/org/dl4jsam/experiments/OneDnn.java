package org.dl4jsam.experiments;

/**
 * Makes the command line train with oneDNN kernels: the oneDNN build of libnd4j (a dependency of this module) is
 * loaded instead of the plain one, and DL4J's layer helpers are allowed, so convolution, BatchNorm and pooling run in
 * oneDNN instead of DL4J's im2col path (on a 2-core machine a {@code small-cnn} step falls from about 114 ms to 43 ms,
 * inference per example about 8×; the numbers agree to float32 rounding). Set before ND4J loads; a value the user set
 * with {@code -D} wins, and {@code -Ddl4j-sam.onednn=false} keeps DL4J's own kernels.
 */
public final class OneDnn {
    /** JavaCPP's choice of native build: {@code -onednn} loads {@code nd4j-native-…-linux-x86_64-onednn}. */
    static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";
    /** DL4J 1.0.0-M2.1 disables its layer helpers unless this is {@code false}. */
    static final String HELPERS_DISABLED = "org.eclipse.deeplearning4j.helpers.disable";
    /** {@code false} turns this off. */
    public static final String SWITCH = "dl4j-sam.onednn";

    private OneDnn() {}

    /** Ask for oneDNN unless the user decided otherwise; call before the first ND4J class loads. */
    public static void requestBeforeNd4jLoads() {
        if (Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
            System.getProperties().putIfAbsent(EXTENSION, "-onednn");
            System.getProperties().putIfAbsent(HELPERS_DISABLED, "false");
        }
    }

    /** @return whether DL4J's layers use oneDNN in this JVM */
    public static boolean inUse() {
        return org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()
                && !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLED, "true"));
    }
}

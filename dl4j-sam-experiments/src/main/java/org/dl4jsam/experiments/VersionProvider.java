package org.dl4jsam.experiments;

import picocli.CommandLine.IVersionProvider;

/** The one place the command line's version comes from: the jar's manifest, and the DL4J it runs on. */
public final class VersionProvider implements IVersionProvider {
    /** The DL4J release this build is made for. */
    public static final String DL4J = "1.0.0-M2.1";

    /** @return this build's version ({@code Implementation-Version} of the jar, or the source version) */
    public static String version() {
        String fromJar = VersionProvider.class.getPackage().getImplementationVersion();
        return fromJar == null ? "0.1.0-SNAPSHOT" : fromJar;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "dl4j-sam " + version() + " (Deeplearning4j " + DL4J + ", Java " + System.getProperty("java.version") + ")"
        };
    }
}

package org.dl4jsam.noisylabels.issues;

import java.util.Locale;

/**
 * A per-example score of how suspect a given label is (higher: more suspect), from {@link ExampleSignals}.
 */
public enum Signal {
    /**
     * Minus the area under the margin (Pleiss et al. 2020, eq. 2): the mean over the training steps the example
     * was in of {@code z_y − max_{j≠y} z_j}, the logit of the given label minus the largest other logit.
     */
    AUM,
    /** The mean training loss of the example over the steps it was in. */
    LOSS,
    /** One minus the mean predicted probability of the given label (self-confidence, Northcutt et al. 2021). */
    SELF_CONFIDENCE,
    /** Minus the margin at the example's most recent step. */
    LAST_MARGIN;

    /** @return the name in reports and files, e.g. {@code self-confidence} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name a name as {@link #cliName()} writes it
     * @return the signal
     * @throws IllegalArgumentException listing the names
     */
    public static Signal parse(String name) {
        for (Signal s : values()) {
            if (s.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        StringBuilder names = new StringBuilder();
        for (Signal s : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(s.cliName());
        }
        throw new IllegalArgumentException("unknown signal '" + name + "'; use " + names);
    }
}

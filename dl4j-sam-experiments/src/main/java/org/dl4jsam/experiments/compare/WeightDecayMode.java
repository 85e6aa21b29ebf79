package org.dl4jsam.experiments.compare;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;

/** How {@code compare} applies its weight decay, by the names {@code --weight-decay-mode} and results.json use. */
public enum WeightDecayMode {
    /** λ on every trainable parameter, PyTorch's {@code SGD(weight_decay)}, applied by the SAM step (the papers). */
    PYTORCH(ExperimentConfig.PYTORCH),
    /** DL4J's {@code .l2}: weight tensors only. */
    DL4J_L2(ExperimentConfig.DL4J_L2);

    private final String cliName;

    WeightDecayMode(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name on the command line and in results.json */
    public String cliName() {
        return cliName;
    }

    /** @return {@link #cliName()}, as help texts show defaults */
    @Override
    public String toString() {
        return cliName;
    }

    /**
     * @param name a mode's name
     * @return the mode
     * @throws IllegalArgumentException listing the names when there is none of that name
     */
    public static WeightDecayMode parse(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.cliName.equals(key))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--weight-decay-mode " + name + " is unknown; use "
                        + Arrays.stream(values()).map(m -> m.cliName).collect(Collectors.joining(", "))));
    }

    /** The modes' names, as picocli's completion candidates. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(WeightDecayMode::cliName).iterator();
        }
    }

    /** Converts a mode's name for picocli. */
    public static final class Converter implements ITypeConverter<WeightDecayMode> {
        @Override
        public WeightDecayMode convert(String value) {
            return parse(value);
        }
    }
}

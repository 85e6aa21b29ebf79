package org.dl4jsam.experiments.compare;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The named protocols of {@code compare --protocol}: defaults for the options a user leaves out (an explicit
 * option always wins). {@code demo} is the minutes-long default; {@code long} trains the same subset three times
 * as long, so that plain SGD and SAM both reach the phase where they fit wrong labels; {@code paper} is the SANER
 * paper's CIFAR-10 protocol (Luong et al.: PreAct ResNet-18, 200 epochs, lr 0.1 ÷10 at epochs 100 and 150, weight
 * decay 5e-4, batch 128, crop + flip, 25% symmetric noise, α warmed up over 50 epochs) for users with the data
 * and the hardware.
 *
 * @param cliName the name on the command line
 * @param dataset the dataset
 * @param noise the noise argument
 * @param model the model
 * @param epochs training epochs (SANER's warm-up: a quarter of them)
 * @param learningRate the initial learning rate
 * @param trainSize training examples (0: all)
 * @param testSize test examples (0: all)
 * @param augment crop + flip
 */
public record Protocol(
        String cliName,
        String dataset,
        String noise,
        String model,
        int epochs,
        double learningRate,
        int trainSize,
        int testSize,
        boolean augment) {
    /** Fashion-MNIST, 4,000 training images, small CNN, 20 epochs: minutes on two cores. */
    public static final Protocol DEMO =
            new Protocol("demo", "fashion-mnist", "symmetric:0.4", "small-cnn", 20, 0.01, 4000, 2000, false);
    /** The demo's data and model, 60 epochs. */
    public static final Protocol LONG =
            new Protocol("long", "fashion-mnist", "symmetric:0.4", "small-cnn", 60, 0.01, 4000, 2000, false);
    /** The SANER paper's CIFAR-10 protocol. */
    public static final Protocol PAPER =
            new Protocol("paper", "cifar10", "symmetric:0.25", "preact-resnet-18", 200, 0.1, 0, 0, true);

    private static final Protocol[] ALL = {DEMO, LONG, PAPER};

    /**
     * @param name a protocol name
     * @return the protocol
     * @throws IllegalArgumentException listing the names
     */
    public static Protocol parse(String name) {
        for (Protocol p : ALL) {
            if (p.cliName.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; use " + names());
    }

    /** @return the names, comma-separated */
    public static String names() {
        return Arrays.stream(ALL).map(Protocol::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** The names, as picocli's completion candidates. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(ALL).map(Protocol::cliName).iterator();
        }
    }

    /** Converts a protocol name, listing the names when it is unknown. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<Protocol> {
        @Override
        public Protocol convert(String value) {
            return parse(value);
        }
    }
}

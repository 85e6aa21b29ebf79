package org.dl4jsam.experiments.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dl4j-sam claims}: the seed papers' claims ({@link Claims}) against finished {@code compare} runs, one column
 * per run, printed as markdown and optionally written into a file between {@code <!-- claims:begin -->} and
 * {@code <!-- claims:end -->} (the README's claims section is made this way).
 */
@Command(
        name = "claims",
        mixinStandardHelpOptions = true,
        description = "The papers' claims against compare runs (best test accuracy, mean ± sd of paired per-seed "
                + "differences, a verdict per claim) as a markdown table.")
public final class ClaimsCommand implements Callable<Integer> {
    /** The markers around the generated section. */
    static final String BEGIN = "<!-- claims:begin -->";

    /** See {@link #BEGIN}. */
    static final String END = "<!-- claims:end -->";

    @Parameters(
            arity = "1..*",
            paramLabel = "RUN_DIR",
            description = "finished compare runs, one column each, named by their protocol")
    List<Path> runs;

    @Option(names = "--write", description = "replace the section between " + BEGIN + " and " + END + " in this file")
    Path write;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, ExperimentResults> columns = new LinkedHashMap<>();
        for (Path dir : runs) {
            ExperimentResults results = ExperimentResults.read(dir);
            String name = results.config.protocol() == null ? dir.getFileName().toString() : results.config.protocol();
            int seeds = results.config.seeds().size();
            String column = name + " (" + seeds + " seed" + (seeds == 1 ? "" : "s") + ")";
            if (columns.putIfAbsent(column, results) != null) {
                columns.put(column + " " + dir.getFileName(), results);
            }
        }
        String table = Claims.table(columns);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        if (write != null) {
            String text = Files.readString(write, StandardCharsets.UTF_8);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("--write " + write + ": no " + BEGIN + " … " + END
                        + " section; add the two markers where the " + "table belongs");
            }
            String updated = text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end);
            Files.writeString(write, updated, StandardCharsets.UTF_8);
        }
        return 0;
    }
}

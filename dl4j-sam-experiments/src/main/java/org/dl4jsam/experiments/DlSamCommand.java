package org.dl4jsam.experiments;

import java.nio.file.NoSuchFileException;
import org.dl4jsam.experiments.bench.BenchCommand;
import org.dl4jsam.experiments.bench.NoiseBenchCommand;
import org.dl4jsam.experiments.catalog.ModelsCommand;
import org.dl4jsam.experiments.compare.CompareCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dl4j-sam} command line: which optimizer to train with when labels are noisy, and what it costs. */
@Command(
        name = "dl4j-sam",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Sharpness-aware training under label noise for Deeplearning4j.",
        subcommands = {
            CompareCommand.class,
            org.dl4jsam.experiments.compare.ClaimsCommand.class,
            BenchCommand.class,
            NoiseCommand.class,
            ExportImagesCommand.class,
            org.dl4jsam.experiments.issues.LabelIssuesCommand.class,
            ModelsCommand.class,
            NoiseBenchCommand.class,
            org.dl4jsam.experiments.linear.LinearCommand.class,
            CommandLine.HelpCommand.class
        })
public final class DlSamCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--debug",
            scope = CommandLine.ScopeType.INHERIT,
            description = "on a failure, print its stack trace as well as the one-line message")
    boolean debug;

    /** System property holding the preset names, interpolated into help texts as {@code ${sys:dl4j-sam.presets}}. */
    static final String PRESETS_PROPERTY = "dl4j-sam.presets";

    /**
     * Run the command line and exit with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        OneDnn.requestBeforeNd4jLoads();
        System.exit(run(args));
    }

    /**
     * Run the command line.
     *
     * @param args the arguments
     * @return the exit code (0 ok, 2 bad input, 1 failure); a failure is one line on {@code err}, with its stack
     *     trace only under {@code --debug}
     */
    public static int run(String... args) {
        return run(
                new java.io.PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8),
                args);
    }

    /**
     * Run the command line with its output and errors going to the given writers (tests read them).
     *
     * @param out where results and help go
     * @param err where errors go
     * @param args the arguments
     * @return the exit code (0 ok, 2 bad input, 1 failure); a failure is one line on {@code err}, with its stack
     *     trace only under {@code --debug}
     */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        System.setProperty(PRESETS_PROPERTY, org.dl4jsam.updaters.SamPresets.names()); // for the help texts
        CommandLine cli = new CommandLine(new DlSamCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine()
                    .getErr()
                    .println("dl4j-sam: " + e.getMessage() + " (see "
                            + e.getCommandLine().getCommandName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean debug = debugRequested(parseResult);
            java.io.PrintWriter errors = commandLine.getErr();
            if (debug) {
                e.printStackTrace(errors);
            }
            boolean badInput = e instanceof IllegalArgumentException
                    || e instanceof NoSuchFileException
                    || e instanceof java.nio.file.FileAlreadyExistsException;
            String message = badInput
                    ? message(e)
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            errors.println("dl4j-sam: " + firstLine(message)
                    + (badInput || debug ? "" : " (run again with --debug for the stack trace)"));
            errors.flush();
            return badInput ? 2 : 1;
        });
        return cli.execute(args);
    }

    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip() + " …";
    }

    private static String message(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getReason() != null ? missing.getReason() : "not found: " + missing.getFile();
        }
        return e.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package dev.imbench.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code imbench} command: the entry point of the launcher script.
 * Exit codes: 0 passed, 1 an SLO, the delivery check or the baseline failed,
 * 2 the scenario, the arguments or the environment are broken, 3 inconclusive
 * (the load generator fell behind), 130 interrupted (SIGINT/SIGTERM).
 */
@Command(name = "imbench",
        mixinStandardHelpOptions = true,
        versionProvider = ImbenchVersion.class,
        description = {
            "A simulation and load-testing workbench for instant-messaging back ends:",
            "a reference IM server, virtual mobile clients, weak-network faults,",
            "and latency + delivery-guarantee reports."},
        subcommands = {RunCommand.class, DemoCommand.class, SweepCommand.class, ServerCommand.class, ReportCommand.class, CompareCommand.class, ToxiproxyCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 passed, 1 an SLO, the delivery check or the baseline failed,",
            "2 bad input or environment, 3 inconclusive (the load generator fell behind),",
            "130 interrupted (Ctrl-C)."})
public final class Imbench implements Runnable {

    /** Exit code when every SLO held and delivery is valid. */
    public static final int EXIT_PASSED = 0;
    /** Exit code when an SLO failed or the delivery check is not valid. */
    public static final int EXIT_FAILED = 1;
    /** Exit code for a broken scenario, bad arguments or a broken environment. */
    public static final int EXIT_BROKEN = 2;
    /** Exit code when the load generator fell behind, so latency SLOs could not be judged. */
    public static final int EXIT_INCONCLUSIVE = 3;
    /** Exit code when SIGINT/SIGTERM stopped a run. */
    public static final int EXIT_INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Imbench());
        // A duration option follows the one rule of every configuration (500ms, 30s, 2m, PT30S; no bare number).
        cl.registerConverter(java.time.Duration.class, dev.imbench.server.DurationText::parse);
        printFootersVerbatim(cl);
        // Bad arguments already exit with 2 (picocli's USAGE); an exception while running is
        // an environment problem: say what failed, without a stack trace, and exit 2.
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("imbench: " + cmd.getCommandName() + " failed: " + describe(ex));
            if (System.getenv("IMBENCH_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return EXIT_BROKEN;
        });
        return cl;
    }

    /**
     * Footers hold the examples: print each of their lines as written, never wrapped at the usage
     * width, so an example can be pasted (picocli's own footer section wraps long lines mid-token).
     */
    private static void printFootersVerbatim(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            StringBuilder out = new StringBuilder();
            for (String line : help.commandSpec().usageMessage().footer()) {
                out.append(String.format(Locale.ROOT, line)).append(System.lineSeparator());
            }
            return out.toString();
        });
        cl.getSubcommands().values().forEach(Imbench::printFootersVerbatim);
    }

    private static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder(String.valueOf(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(": ").append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
        return sb.toString();
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

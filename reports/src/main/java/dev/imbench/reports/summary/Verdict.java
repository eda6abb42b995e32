package dev.imbench.reports.summary;

import java.util.Locale;

/**
 * The one verdict of a run: what {@code summary.json} says in {@code verdict},
 * {@code passed} and {@code exitCode}, what junit.xml, the report badge and the
 * CLI's last line say, and what the CLI exits with.
 */
public enum Verdict {
    /** Every SLO held, delivery is valid, no baseline regression, the generator kept up. */
    PASSED(0),
    /** An SLO, the delivery check or the baseline failed. */
    FAILED(1),
    /** The scenario, the environment or the run directory is broken: nothing could be judged. */
    BROKEN(2),
    /** The load generator fell behind: latency SLOs cannot be judged (nothing else failed). */
    INCONCLUSIVE(3),
    /** SIGINT/SIGTERM stopped the run: nothing is judged as passed. */
    INTERRUPTED(130);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }

    /** The word summary.json carries. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The verdict a summary.json word names. */
    public static Verdict of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}

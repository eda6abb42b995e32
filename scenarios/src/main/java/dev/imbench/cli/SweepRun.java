package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of a sweep as the sweep saw it.
 *
 * @param settings the combination's {@code key=value} settings
 * @param exitCode the run's own exit code (0 passed, 1 failed, 2 broken, 3 inconclusive, 130 interrupted)
 * @param dir      its run directory (null when none was made)
 * @param summary  its summary.json (null when none was written)
 * @param message  one line for the user
 * @param pid      the process that ran it
 */
record SweepRun(List<String> settings, int exitCode, Path dir, JsonNode summary, String message, long pid) {

    /** The run's verdict word: summary.json's {@code verdict} when it has one, else from the exit code. */
    String verdict() {
        if (summary != null && summary.path("verdict").isTextual()) {
            return summary.path("verdict").asText();
        }
        return switch (exitCode) {
            case SweepExit.PASSED -> "passed";
            case SweepExit.FAILED -> "failed";
            case SweepExit.INCONCLUSIVE -> "inconclusive";
            case SweepExit.INTERRUPTED -> "interrupted";
            default -> "broken";
        };
    }

    /** Whether the simulator could not offer the load, so the latency is its own rather than the server's. */
    boolean generatorBound() {
        return exitCode == SweepExit.INCONCLUSIVE || verdict().equals("inconclusive")
                || summary != null && summary.path("generator").path("bound").asBoolean(false);
    }
}

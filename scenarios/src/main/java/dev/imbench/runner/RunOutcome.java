package dev.imbench.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The end of a run.
 *
 * @param exitCode the verdict's: 0 passed, 1 failed, 2 broken, 3 inconclusive, 130 interrupted
 * @param dir      the run directory (null if it could not be created)
 * @param summary  the summary written (null only when the run directory could not be written)
 * @param message  one line for the user: the summary's {@code verdictLine}
 */
public record RunOutcome(int exitCode, RunDirectory dir, ObjectNode summary, String message) {
}

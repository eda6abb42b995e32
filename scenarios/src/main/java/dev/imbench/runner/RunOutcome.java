package dev.imbench.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The end of a run.
 *
 * @param exitCode 0 passed, 1 an SLO or the delivery check failed, 2 broken
 * @param dir      the run directory (null if it could not be created)
 * @param summary  the summary written (null when the run broke before it)
 * @param message  one line for the user
 */
public record RunOutcome(int exitCode, RunDirectory dir, ObjectNode summary, String message) {
}

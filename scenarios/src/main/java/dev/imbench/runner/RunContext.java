package dev.imbench.runner;

import java.io.PrintStream;

/**
 * What a workload gets from the runner.
 *
 * @param dir      the run directory to write into
 * @param events   the run's event log
 * @param progress where live progress goes (null: quiet)
 * @param options  the runner options
 */
public record RunContext(RunDirectory dir, EventLog events, PrintStream progress, RunOptions options) {
}

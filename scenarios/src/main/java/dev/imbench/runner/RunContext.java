package dev.imbench.runner;

import java.io.PrintStream;

/**
 * What a workload gets from the runner.
 *
 * @param dir      the run directory to write into
 * @param events   the run's event log
 * @param progress where live progress goes (null: quiet)
 * @param options  the runner options
 * @param control  asks the run to stop early (SIGINT/SIGTERM): the workload checks {@link RunControl#stopRequested()}
 */
public record RunContext(RunDirectory dir, EventLog events, PrintStream progress, RunOptions options, RunControl control) {

    /** Whether the run was asked to stop early. */
    public boolean stopRequested() {
        return control.stopRequested();
    }
}

package dev.imbench.runner;

/**
 * Asks a running workload to stop early (SIGINT/SIGTERM): the workload ends
 * its phases, lifts the faults, drains briefly and still writes every file.
 * Thread-safe; the first request wins.
 */
public final class RunControl {

    private volatile String why;
    private volatile long stoppedAtMs = -1;

    /** Asks the run to stop now; later requests are ignored. */
    public synchronized void requestStop(String why) {
        if (this.why == null) {
            this.stoppedAtMs = System.currentTimeMillis();
            this.why = why == null ? "stop requested" : why;
        }
    }

    /** Whether a stop was requested. */
    public boolean stopRequested() {
        return why != null;
    }

    /** When the stop was requested, epoch ms; -1 when it was not. */
    public long stoppedAtMs() {
        return stoppedAtMs;
    }
}

package dev.imbench.runner;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets something outside a run (the CLI's SIGINT/SIGTERM handler, a test) ask
 * it to stop: the workload stops its load, drains for a bounded time and writes
 * its files; the runner then records the run as interrupted. Thread-safe; the
 * first request wins.
 */
public final class RunControl {

    private record Stop(String why, long atEpochMs) {
    }

    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Asks the run to stop; {@code why} (e.g. "SIGINT") goes into the event log. Later requests are ignored. */
    public void requestStop(String why) {
        if (stop.compareAndSet(null, new Stop(why, System.currentTimeMillis()))) {
            stopped.countDown();
        }
    }

    /** Whether a stop was requested. */
    public boolean stopRequested() {
        return stop.get() != null;
    }

    /** When the stop was requested, epoch ms; -1 when it was not. */
    public long stoppedAtMs() {
        Stop s = stop.get();
        return s == null ? -1 : s.atEpochMs();
    }

    /** Why the run was asked to stop, empty when it was not. */
    public String why() {
        Stop s = stop.get();
        return s == null ? "" : s.why();
    }

    /**
     * Waits until a stop is requested or the time is up (for a workload's own
     * timed waits: a phase sleeping on this wakes at once on Ctrl-C).
     *
     * @return whether a stop was requested
     */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }
}

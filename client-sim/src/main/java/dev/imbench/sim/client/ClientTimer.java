package dev.imbench.sim.client;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of a simulation's clients: each idle client keeps one entry here, for its next action,
 * heartbeat, ack deadline or end of backoff, instead of a parked virtual thread with a timer of its own.
 * Its single thread only signals clients ({@link OnDemand}); the work runs on their own threads.
 */
public final class ClientTimer implements AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;

    /** A timer with its own daemon thread ({@code sim-client-timer}). */
    public ClientTimer() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sim-client-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} at {@code nanoTime} ({@link System#nanoTime()}; at once if past). */
    void at(long nanoTime, Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.schedule(task, Math.max(0, nanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the simulation is closing: nothing is due any more
        }
    }

    /** Entries waiting (for tests and profiles). */
    public int waiting() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

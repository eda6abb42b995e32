package dev.imbench.sim.client;

/** A message or c2s report sent (or due to be resent) whose ack has not come yet. */
final class PendingSend {
    final long id;
    final int target;
    /** A c2s report (its target is unused) rather than a chat message. */
    final boolean report;
    final long intendedNanos;
    long firstSentNanos;
    int seq;
    long deadlineNanos;
    long resendAtNanos;
    int retries;
    int timeouts;

    PendingSend(long id, int target, long intendedNanos) {
        this(id, target, intendedNanos, false);
    }

    PendingSend(long id, int target, long intendedNanos, boolean report) {
        this.id = id;
        this.target = target;
        this.intendedNanos = intendedNanos;
        this.report = report;
    }
}

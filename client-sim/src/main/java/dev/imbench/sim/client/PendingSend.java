package dev.imbench.sim.client;

/** A message sent (or due to be resent) whose ack has not come yet. */
final class PendingSend {
    final long id;
    final int target;
    final long intendedNanos;
    long firstSentNanos;
    int seq;
    long deadlineNanos;
    long resendAtNanos;
    int retries;
    int timeouts;

    PendingSend(long id, int target, long intendedNanos) {
        this.id = id;
        this.target = target;
        this.intendedNanos = intendedNanos;
    }
}

package dev.imbench.server.store.mysql;

/**
 * Counters of the MySQL store's group commit.
 *
 * @param batches    shard transactions written (committed or failed)
 * @param calls      store calls in them
 * @param writeNanos time the committers spent writing them (connection, statements, commit)
 */
public record GroupCommitStats(long batches, long calls, long writeNanos) {

    /** The sum of two counters. */
    public GroupCommitStats plus(GroupCommitStats o) {
        return new GroupCommitStats(batches + o.batches, calls + o.calls, writeNanos + o.writeNanos);
    }

    /** Mean calls per batch (0 before the first batch). */
    public double callsPerBatch() {
        return batches == 0 ? 0 : (double) calls / batches;
    }

    /** Mean time to write one batch in ms (0 before the first batch). */
    public double msPerBatch() {
        return batches == 0 ? 0 : writeNanos / 1e6 / batches;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d batches, %d calls, %.1f calls/batch, %.2f ms/batch",
                batches, calls, callsPerBatch(), msPerBatch());
    }
}

package dev.imbench.server.store.mysql;

import java.time.Duration;

/**
 * How {@link MysqlMessageStore} groups concurrent writes into one transaction per shard.
 *
 * @param maxBatchRows  rows (send rows + inbox rows) at most in one shard transaction; a single call with more
 *                      rows than this is written alone in its own transaction
 * @param maxWait       how long a shard's committer waits for more calls after the first one of a batch arrived
 *                      (0: take only what is already queued; calls that arrive while a batch commits form the next)
 * @param queueCapacity calls waiting per shard at most; a call beyond it fails at once with
 *                      {@link IllegalStateException}
 * @param committersPerShard transactions in flight per shard (each committer thread writes one batch at a time;
 *                      per-recipient row locks keep msgids in commit order across them)
 */
public record GroupCommitSettings(int maxBatchRows, Duration maxWait, int queueCapacity, int committersPerShard) {

    /** 1 000 rows, no extra wait, 20 000 queued calls and 1 committer per shard (more lose to row-lock waits). */
    public static final GroupCommitSettings DEFAULTS = new GroupCommitSettings(1_000, Duration.ZERO, 20_000, 1);

    /** Validates. */
    public GroupCommitSettings {
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("mysqlBatchMaxRows must be >= 1, got " + maxBatchRows);
        }
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("mysqlBatchMaxWait must be 0..1s, got " + maxWait);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("mysqlQueueCapacity must be >= 1, got " + queueCapacity);
        }
        if (committersPerShard < 1 || committersPerShard > 64) {
            throw new IllegalArgumentException("mysqlCommitters must be 1..64, got " + committersPerShard);
        }
    }
}

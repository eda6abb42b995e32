package dev.imbench.server.store.mysql;

import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import dev.imbench.server.store.TimelineReceipt;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One shard's group committer: store calls queue here ({@link GroupCommitQueue}) and each of
 * {@link GroupCommitSettings#committersPerShard()} threads writes whatever is queued (up to
 * {@link GroupCommitSettings#maxBatchRows()} rows) in one transaction ({@link ShardWriter}). Every call's future
 * completes only after the commit of its batch; a failed batch is rolled back whole and fails every call in it.
 * While the shard is unreachable ({@link ShardHealth}) a call fails at once instead of being queued.
 */
final class ShardCommitter implements AutoCloseable {

    /** Called with the open transaction just before commit (tests cut MySQL here). */
    @FunctionalInterface
    interface BeforeCommit {
        /** No hook. */
        BeforeCommit NONE = (shard, calls) -> { };

        /** Runs before the commit of a batch of {@code calls} calls on {@code shard}. */
        void run(int shard, int calls) throws SQLException;
    }

    private final GroupCommitQueue<StoreOp> queue;
    private final ShardHealth health;

    /**
     * @param ids a fresh {@link InboxIds} per committer thread
     */
    ShardCommitter(int shard, int shardCount, DataSource ds, GroupCommitSettings settings, Supplier<InboxIds> ids,
                   BeforeCommit hook, ShardHealth health) {
        this.health = health;
        this.queue = new GroupCommitQueue<>("imbench-mysql-commit-" + shard, settings,
                () -> new ShardWriter(shard, shardCount, ds, ids.get(), hook, health));
    }

    /** Queues {@code op}, or fails it at once (throws) while the shard is unreachable or the queue full. */
    private void offer(StoreOp op) {
        health.check();
        queue.offer(op);
    }

    /** Queues a c2c message (send row + the recipient's inbox row, both on this shard). */
    CompletableFuture<C2cReceipt> c2c(Envelope e) {
        CompletableFuture<C2cReceipt> f = new CompletableFuture<>();
        offer(new StoreOp.C2c(e, f));
        return f;
    }

    /** Queues a send row; the future gives its receipt after commit (the first one's for a resend). */
    CompletableFuture<SendReceipt> send(Envelope e) {
        CompletableFuture<SendReceipt> f = new CompletableFuture<>();
        offer(new StoreOp.Send(e, f));
        return f;
    }

    /** Queues one inbox row per uid (all on this shard); the future gives their msgids after commit. */
    CompletableFuture<long[]> append(List<String> uids, Envelope e) {
        CompletableFuture<long[]> f = new CompletableFuture<>();
        offer(new StoreOp.Inbox(e, List.copyOf(uids), f));
        return f;
    }

    /** Queues a group message by read diffusion (send row + timeline row, both on this shard). */
    CompletableFuture<TimelineReceipt> post(Envelope e) {
        CompletableFuture<TimelineReceipt> f = new CompletableFuture<>();
        offer(new StoreOp.Post(e, f));
        return f;
    }

    /** Queues a delivered mark; the future tells after commit whether this call changed the row. */
    CompletableFuture<Boolean> markDelivered(String uid, long msgid) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        offer(new StoreOp.Delivered(uid, msgid, f));
        return f;
    }

    /** Batches written (committed or failed), calls in them, and the committer's time spent writing them. */
    GroupCommitStats stats() {
        return queue.stats();
    }

    /** Calls waiting in the queue (not counting the batch being written). */
    int queuedCalls() {
        return queue.queued();
    }

    /** Stops the committer after its current batch; queued calls fail. */
    @Override
    public void close() {
        queue.close();
    }
}

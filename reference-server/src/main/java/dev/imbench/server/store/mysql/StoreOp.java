package dev.imbench.server.store.mysql;

import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import dev.imbench.server.store.TimelineReceipt;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A store call queued for a shard's group commit; its future completes after its batch's commit, or fails with it. */
sealed interface StoreOp extends GroupCommitQueue.Queued {

    /** Completed after the batch's commit, or failed with it. */
    CompletableFuture<?> done();

    @Override
    default void fail(RuntimeException e) {
        done().completeExceptionally(e);
    }

    /** A c2c message: its send row and the recipient's inbox row, both on the recipient's shard. */
    record C2c(Envelope e, CompletableFuture<C2cReceipt> done) implements StoreOp {
        @Override
        public int rows() {
            return 2;
        }
    }

    /** A group send's send row. */
    record Send(Envelope e, CompletableFuture<SendReceipt> done) implements StoreOp {
        @Override
        public int rows() {
            return 1;
        }
    }

    /** Inbox rows of one envelope, one per uid, all on this shard. */
    record Inbox(Envelope e, List<String> uids, CompletableFuture<long[]> done) implements StoreOp {
        @Override
        public int rows() {
            return uids.size();
        }
    }

    /** A group message by read diffusion: its send row and its timeline row, both on the group's shard. */
    record Post(Envelope e, CompletableFuture<TimelineReceipt> done) implements StoreOp {
        @Override
        public int rows() {
            return 2;
        }
    }

    /** A delivered mark of one inbox row. */
    record Delivered(String uid, long msgid, CompletableFuture<Boolean> done) implements StoreOp {
        @Override
        public int rows() {
            return 1;
        }
    }
}

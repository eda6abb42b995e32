package dev.imbench.server.store.mysql;

import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import dev.imbench.server.store.TimelineReceipt;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One committer thread's batch writer for a shard: writes a batch of {@link StoreOp}s in one transaction on the
 * connection it keeps between batches (no pool round trip, no autocommit switch per batch), by kind of row: send
 * rows ({@link SendRows}), inbox rows ({@link InboxRows}), group timeline rows ({@link TimelineRows}), delivered marks
 * ({@link DeliveredMarks}). Every op completes only after the commit; a failed batch is rolled back whole and fails
 * every op in it. Deadlocks and key races are retried. While the shard is unreachable ({@link ShardHealth}) a batch
 * fails at once without trying MySQL.
 */
final class ShardWriter implements GroupCommitQueue.Writer<StoreOp> {

    private static final int RETRIES = 3;

    private final int shard;
    private final DataSource ds;
    private final ShardCommitter.BeforeCommit hook;
    private final ShardHealth health;
    private final SendRows sends;
    private final InboxIds ids;
    private final InboxRows inbox;
    private final TimelineRows timeline;
    /** A kept connection idle longer than this is checked before use (MySQL may have gone meanwhile). */
    private static final long VALIDATE_AFTER_IDLE_NANOS = 1_000_000_000L;

    private Connection conn;
    private long lastUsed;

    ShardWriter(int shard, int shardCount, DataSource ds, InboxIds ids, ShardCommitter.BeforeCommit hook,
                ShardHealth health) {
        this.shard = shard;
        this.ds = ds;
        this.hook = hook;
        this.health = health;
        this.sends = new SendRows(shard, shardCount);
        this.ids = ids;
        this.inbox = new InboxRows(ids);
        this.timeline = new TimelineRows(ids);
    }

    @Override
    public void write(List<StoreOp> batch) {
        if (health.failingFast()) {
            failAll(batch, new IllegalStateException("MySQL shard " + shard + " unreachable"));
            return; // queued before the outage was known: fail at once, as calls made now do
        }
        for (int attempt = 1; ; attempt++) {
            Object[] results = new Object[batch.size()];
            try {
                Connection c = connection();
                try {
                    writeRows(c, batch, results);
                    hook.run(shard, batch.size());
                    c.commit();
                } catch (SQLException | RuntimeException ex) {
                    rollbackQuietly(c);
                    throw ex;
                } finally {
                    ids.settled();
                }
            } catch (SQLTransactionRollbackException | SQLIntegrityConstraintViolationException retry) {
                if (attempt < RETRIES) {
                    continue;
                }
                failAll(batch, retry);
                return;
            } catch (SQLException ex) {
                health.failed(ex);
                discardConnection();
                failAll(batch, ex);
                return;
            } catch (RuntimeException ex) {
                discardConnection();
                failAll(batch, ex);
                return;
            }
            health.succeeded();
            complete(batch, results);
            return;
        }
    }

    private void writeRows(Connection c, List<StoreOp> batch, Object[] out) throws SQLException {
        List<Envelope> sendRows = new ArrayList<>();
        List<Integer> sendAt = new ArrayList<>();
        List<DeliveredMarks.Mark> marks = new ArrayList<>();
        List<Integer> markAt = new ArrayList<>();
        List<TimelineRows.NewRow> timelineRows = new ArrayList<>();
        List<Integer> timelineAt = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            switch (batch.get(i)) {
                case StoreOp.C2c op -> {
                    sendRows.add(op.e());
                    sendAt.add(i);
                }
                case StoreOp.Send op -> {
                    sendRows.add(op.e());
                    sendAt.add(i);
                }
                case StoreOp.Delivered op -> {
                    marks.add(new DeliveredMarks.Mark(op.uid(), op.msgid()));
                    markAt.add(i);
                }
                case StoreOp.Post op -> {
                    sendRows.add(op.e());
                    sendAt.add(i);
                }
                case StoreOp.Inbox op -> { }
            }
        }
        SendReceipt[] receipts = sendRows.isEmpty() ? new SendReceipt[0] : sends.write(c, sendRows);
        for (int k = 0; k < sendAt.size(); k++) {
            if (batch.get(sendAt.get(k)) instanceof StoreOp.Post op && !receipts[k].duplicate()) {
                timelineRows.add(new TimelineRows.NewRow(op.e().group(), op.e()));
                timelineAt.add(sendAt.get(k));
            }
        }
        // inbox rows: each new c2c message's recipient, then each group op's uids, in batch order
        List<InboxRows.NewRow> rows = new ArrayList<>();
        int s = 0;
        for (int i = 0; i < batch.size(); i++) {
            switch (batch.get(i)) {
                case StoreOp.C2c op -> {
                    if (!receipts[s].duplicate()) {
                        rows.add(new InboxRows.NewRow(op.e().to(), op.e()));
                    }
                    s++;
                }
                case StoreOp.Send op -> s++;
                case StoreOp.Post op -> s++;
                case StoreOp.Inbox op -> {
                    for (String uid : op.uids()) {
                        rows.add(new InboxRows.NewRow(uid, op.e()));
                    }
                }
                default -> { }
            }
        }
        long[] inboxIds = rows.isEmpty() ? new long[0] : inbox.write(c, rows);
        long[] timelineIds = timelineRows.isEmpty() ? new long[0] : timeline.write(c, timelineRows);
        boolean[] changed = marks.isEmpty() ? new boolean[0] : DeliveredMarks.write(c, marks);
        int r = 0;
        s = 0;
        for (int i = 0; i < batch.size(); i++) {
            switch (batch.get(i)) {
                case StoreOp.C2c op -> {
                    SendReceipt rc = receipts[s++];
                    long id = rc.duplicate() ? 0 : inboxIds[r++];
                    out[i] = new C2cReceipt(rc.msgid(), id, rc.sendTime(), rc.duplicate());
                }
                case StoreOp.Send op -> out[i] = receipts[s++];
                case StoreOp.Post op -> {
                    SendReceipt rc = receipts[s++];
                    out[i] = new TimelineReceipt(rc.msgid(), 0, rc.sendTime(), rc.duplicate()); // id filled below
                }
                case StoreOp.Inbox op -> {
                    long[] mine = new long[op.uids().size()];
                    System.arraycopy(inboxIds, r, mine, 0, mine.length);
                    r += mine.length;
                    out[i] = mine;
                }
                default -> { }
            }
        }
        for (int k = 0; k < markAt.size(); k++) {
            out[markAt.get(k)] = changed[k];
        }
        for (int k = 0; k < timelineAt.size(); k++) {
            TimelineReceipt rc = (TimelineReceipt) out[timelineAt.get(k)];
            out[timelineAt.get(k)] = new TimelineReceipt(rc.msgid(), timelineIds[k], rc.sendTime(), false);
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(List<StoreOp> batch, Object[] results) {
        for (int i = 0; i < batch.size(); i++) {
            ((java.util.concurrent.CompletableFuture<Object>) batch.get(i).done()).complete(results[i]);
        }
    }

    private void failAll(List<StoreOp> batch, Exception ex) {
        IllegalStateException failure = new IllegalStateException("MySQL failed storing a batch of " + batch.size()
                + " calls on shard " + shard + " (nothing of it stored): " + ex.getMessage(), ex);
        batch.forEach(op -> op.fail(failure));
    }

    /** The kept connection, in a transaction (autocommit off), opened on first use or after a failure. */
    private Connection connection() throws SQLException {
        long now = System.nanoTime();
        if (conn != null && now - lastUsed > VALIDATE_AFTER_IDLE_NANOS && !conn.isValid(2)) {
            discardConnection();
        }
        lastUsed = now;
        if (conn == null) {
            Connection c = ds.getConnection();
            try {
                c.setAutoCommit(false);
            } catch (SQLException ex) {
                c.close();
                throw ex;
            }
            conn = c;
        }
        return conn;
    }

    /** Gives the connection back to the pool (which drops it if it broke); the next batch takes a new one. */
    private void discardConnection() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // broken already; the pool evicts it
            }
            conn = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls the transaction back when it goes
        }
    }

    @Override
    public void close() {
        discardConnection();
    }
}

package dev.imbench.server.store.mysql;

import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.SendReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link MessageStore} on sharded MySQL: send rows on the sender's shard, inbox rows on the
 * recipient's shard ({@link ShardRouter}). Every method returns only after its transaction committed
 * and throws {@link IllegalStateException} when MySQL fails (the logic then answers
 * {@code ERR_STORE_FAILED} and acks nothing).
 *
 * <p><b>msgids.</b> Inbox ids are per recipient (1, 2, 3 …): the recipient's {@code im_inbox_seq} row
 * is raised and its inbox rows inserted in one transaction, so the row lock serialises allocation and
 * commit per recipient and no smaller id can become visible after a larger one. A send row's msgid
 * is {@code autoIncrement × shards + shard}, unique across shards.
 *
 * <p><b>Exactly once across a failure.</b> For a c2c send with a client_msg_id the recipient's inbox
 * row is written (de-duplicated on {@code (msg_to, msg_from, client_msg_id)}) <em>before</em> the send
 * row, and the send row is the resend marker. If MySQL fails between the two, nothing was acked and
 * the resend finds the inbox row instead of writing a second one; if the send row exists the resend is
 * answered as a duplicate. Sends with client_msg_id 0 cannot be recognised again and are not
 * de-duplicated.
 *
 * <p><b>Group commit.</b> Writes do not run on the caller's thread: each shard has a {@link ShardCommitter}
 * that takes every call queued for it (up to {@link GroupCommitSettings#maxBatchRows()} rows) and writes them
 * in one transaction with multi-row inserts, one sequence raise for all the batch's recipients (sorted), one
 * resend lookup. The caller blocks until its batch committed (ack after commit); a failed batch is rolled
 * back and every caller in it gets the exception. Two copies of one resend in a batch are stored once.
 * Delivered marks ({@link #markDelivered}, one per push ack) go through the same committer.
 * A full queue fails the call at once ({@link GroupCommitSettings#queueCapacity()}).
 */
public final class MysqlMessageStore implements MessageStore, AutoCloseable {

    private static final String ROW_COLUMNS =
            "msg_id, msg_from, msg_to, group_id, cmd_id, msg_seq, msg_content, send_time, client_msg_id, delivered";
    /** How long a caller waits for its batch at most (a batch gives up far earlier: 2 s pool wait, 10 s socket). */
    private static final long AWAIT_SECONDS = 60;
    /** Bound of {@link #written}: past it the map is emptied (it is only a shortcut; the lookup in MySQL decides). */
    private static final int WRITTEN_CAP = 50_000;

    private final MysqlShards shards;
    private final ShardRouter router;
    private final List<ShardCommitter> committers;
    /**
     * Inbox ids of c2c rows that {@link #recordSend} just committed, for the {@link #appendToInboxes} call the
     * c2c logic makes next with the same envelope (saves a batch round; without it the batch finds the row).
     */
    private final ConcurrentHashMap<Envelope, Long> written = new ConcurrentHashMap<>();

    /** A store on open shards with {@link GroupCommitSettings#DEFAULTS} (the caller keeps ownership of {@code shards}). */
    public MysqlMessageStore(MysqlShards shards) {
        this(shards, GroupCommitSettings.DEFAULTS);
    }

    /** A store on open shards (the caller keeps ownership of {@code shards}). */
    public MysqlMessageStore(MysqlShards shards, GroupCommitSettings settings) {
        this(shards, settings, ShardCommitter.BeforeCommit.NONE);
    }

    MysqlMessageStore(MysqlShards shards, GroupCommitSettings settings, ShardCommitter.BeforeCommit hook) {
        this.shards = shards;
        this.router = shards.router();
        List<ShardCommitter> list = new ArrayList<>();
        for (int i = 0; i < shards.count(); i++) {
            list.add(new ShardCommitter(i, shards.count(), shards.shard(i), settings, hook));
        }
        this.committers = List.copyOf(list);
    }

    @Override
    public SendReceipt recordSend(Envelope e) {
        long inboxId = 0;
        if (ShardCommitter.isResendableC2c(e)) {
            // the recipient's row first: a resend after a failure in between finds it instead of writing it twice
            inboxId = await(committers.get(router.shardOf(e.to())).append(List.of(e.to()), e))[0];
        }
        SendReceipt receipt = await(committers.get(router.shardOf(e.from())).send(e));
        if (inboxId != 0 && !receipt.duplicate()) {
            if (written.size() >= WRITTEN_CAP) {
                written.clear();
            }
            written.put(e, inboxId);
        }
        return receipt;
    }

    @Override
    public long[] appendToInboxes(List<String> recipients, Envelope e) {
        if (recipients.size() == 1 && recipients.get(0).equals(e.to()) && ShardCommitter.isResendableC2c(e)) {
            Long id = written.remove(e);
            if (id != null) {
                return new long[] {id};
            }
        }
        Map<Integer, List<Integer>> byShard = new TreeMap<>();
        for (int i = 0; i < recipients.size(); i++) {
            byShard.computeIfAbsent(router.shardOf(recipients.get(i)), k -> new ArrayList<>()).add(i);
        }
        Map<List<Integer>, CompletableFuture<long[]>> pending = new HashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<Integer, List<Integer>> en : byShard.entrySet()) {
            List<String> uids = en.getValue().stream().map(recipients::get).toList();
            try {
                pending.put(en.getValue(), committers.get(en.getKey()).append(uids, e));
            } catch (RuntimeException ex) {
                failure = ex;
            }
        }
        long[] ids = new long[recipients.size()];
        for (Map.Entry<List<Integer>, CompletableFuture<long[]>> en : pending.entrySet()) {
            try {
                long[] shardIds = await(en.getValue());
                for (int k = 0; k < shardIds.length; k++) {
                    ids[en.getKey().get(k)] = shardIds[k];
                }
            } catch (RuntimeException ex) {
                failure = ex;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return ids;
    }

    /** Batches, calls and committer write time summed over the shards since start (benchmarks, metrics). */
    public GroupCommitStats stats() {
        return committers.stream().map(ShardCommitter::stats).reduce(new GroupCommitStats(0, 0, 0), GroupCommitStats::plus);
    }

    @Override
    public Map<String, Supplier<Number>> gauges() {
        return Map.of(
                "imbench_mysql_commit_batches", () -> stats().batches(),
                "imbench_mysql_committed_calls", () -> stats().calls(),
                "imbench_mysql_commit_write_seconds", () -> stats().writeNanos() / 1e9);
    }

    /** Calls waiting for shard {@code shard}'s next batch (tests). */
    int queuedCalls(int shard) {
        return committers.get(shard).queuedCalls();
    }

    /** Blocks the calling (logic) thread until its batch committed; a failed batch throws. */
    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof IllegalStateException ise
                    ? new IllegalStateException(ise.getMessage(), ise)
                    : new IllegalStateException("MySQL store failed: " + ex.getCause(), ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing", ex);
        } catch (TimeoutException ex) {
            throw new IllegalStateException("MySQL store: no commit within " + AWAIT_SECONDS + " s", ex);
        }
    }

    private static long millis(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Override
    public List<InboxRow> page(String uid, long afterMsgid, int limit) {
        try (Connection c = shards.shard(router.shardOf(uid)).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
                     + " FROM im_message_recieve WHERE msg_to = ? AND msg_id > ? ORDER BY msg_id LIMIT ?")) {
            ps.setString(1, uid);
            ps.setLong(2, afterMsgid);
            ps.setInt(3, limit);
            List<InboxRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long cmid = rs.getLong(9);
                    long group = rs.getLong(4);
                    String to = group != 0 ? Long.toString(group) : rs.getString(3);
                    Envelope env = new Envelope(rs.getString(2), to, group, rs.getInt(5),
                            rs.getInt(6), rs.getString(7), cmid, millis(rs, 8));
                    out.add(new InboxRow(rs.getLong(1), env, rs.getInt(10) != 0));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw failure("page", ex);
        }
    }

    @Override
    public int ackUpTo(String uid, long cursor) {
        return update("UPDATE im_message_recieve SET delivered = 1 WHERE msg_to = ? AND msg_id <= ? AND delivered = 0",
                uid, cursor);
    }

    @Override
    public boolean markDelivered(String uid, long msgid) {
        return await(committers.get(router.shardOf(uid)).markDelivered(uid, msgid));
    }

    @Override
    public boolean isDelivered(String uid, long msgid) {
        try (Connection c = shards.shard(router.shardOf(uid)).getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT delivered FROM im_message_recieve WHERE msg_to = ? AND msg_id = ?")) {
            ps.setString(1, uid);
            ps.setLong(2, msgid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) != 0;
            }
        } catch (SQLException ex) {
            throw failure("delivered state", ex);
        }
    }

    @Override
    public long firstUndelivered(String uid, long upTo) {
        try (Connection c = shards.shard(router.shardOf(uid)).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT MIN(msg_id) FROM im_message_recieve"
                     + " WHERE msg_to = ? AND msg_id <= ? AND delivered = 0")) {
            ps.setString(1, uid);
            ps.setLong(2, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException ex) {
            throw failure("undelivered lookup", ex);
        }
    }

    private int update(String sql, String uid, long id) {
        try (Connection c = shards.shard(router.shardOf(uid)).getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, uid);
            ps.setLong(2, id);
            return ps.executeUpdate();
        } catch (SQLException ex) {
            throw failure("delivered mark", ex);
        }
    }

    private static IllegalStateException failure(String what, SQLException ex) {
        return new IllegalStateException("MySQL failed storing " + what + ": " + ex.getMessage(), ex);
    }

    /** Stops the per-shard committers; calls still queued fail (the shards stay open; close them separately). */
    @Override
    public void close() {
        committers.forEach(ShardCommitter::close);
    }
}

package dev.imbench.server.store.mysql;

import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.GroupTimelineStore;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.SendReceipt;
import dev.imbench.server.store.TimelineReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link MessageStore} on sharded MySQL ({@link ShardRouter}): a c2c message's send row and inbox row both on the
 * recipient's shard, in one transaction; a group send's row on the sender's shard and its inbox rows on each member's
 * shard (write diffusion), or, by read diffusion, its send row and timeline row on the group's shard in one
 * transaction. Every method returns only after its transaction committed and throws {@link IllegalStateException} when
 * MySQL fails (the logic then answers {@code ERR_STORE_FAILED} and acks nothing).
 *
 * <p><b>msgids.</b> By default (write diffusion) inbox ids are per recipient (1, 2, 3 …, {@link PerRecipientIds}):
 * the recipient's {@code im_inbox_seq} row is raised and its inbox rows inserted in one transaction, so the row lock
 * serialises allocation and commit per recipient. A store made by {@link #forReadFanout} numbers inbox rows and
 * group timeline rows from one sequence instead ({@link MsgidSequencer}) and shows readers only settled ids, so a
 * pull can merge both under one cursor ({@link #timelines()}). A send row's msgid is
 * {@code autoIncrement × shards + shard}, unique across shards.
 *
 * <p><b>Exactly once across a failure.</b> A c2c message's two rows commit together or not at all; the send row
 * (unique on {@code (msg_from, client_msg_id)}) is the resend marker: a resend after a failure finds nothing and is
 * stored, a resend after a commit is answered as a duplicate with the first msgid. Sends with client_msg_id 0 cannot
 * be recognised again and are not de-duplicated.
 *
 * <p><b>Group commit.</b> Writes do not run on the caller's thread: each shard has a {@link ShardCommitter} that
 * takes every call queued for it (up to {@link GroupCommitSettings#maxBatchRows()} rows) and writes them in one
 * transaction with one multi-row statement per table. The caller blocks until its batch committed (ack after
 * commit); a failed batch is rolled back and every caller in it gets the exception. Two copies of one resend in a
 * batch are stored once. Delivered marks ({@link #markDelivered}, one per push ack) go through the same committer.
 * A full queue fails the call at once ({@link GroupCommitSettings#queueCapacity()}).
 *
 * <p><b>Outages.</b> A shard that cannot be reached (connections refused, reset or timing out) fails every call at
 * once, writes and reads, except one probe call at a time, until a call works again ({@link ShardHealth}): during an outage the logic
 * answers {@code ERR_STORE_FAILED} at once instead of each call waiting out the pool's connect timeout.
 */
public final class MysqlMessageStore implements MessageStore, AutoCloseable {

    private static final String ROW_COLUMNS =
            "msg_id, msg_from, msg_to, group_id, cmd_id, msg_seq, msg_content, send_time, client_msg_id, delivered";
    /** The pull's delivered marks up to its cursor (through {@code idx_recv_undelivered}: undelivered rows only). */
    static final String ACK_UP_TO_SQL =
            "UPDATE im_message_recieve SET delivered = 1 WHERE msg_to = ? AND msg_id <= ? AND delivered = 0";
    /** The pull's gap lookup (through {@code idx_recv_undelivered}: one index probe, whatever the inbox's history). */
    static final String FIRST_UNDELIVERED_SQL =
            "SELECT MIN(msg_id) FROM im_message_recieve WHERE msg_to = ? AND msg_id <= ? AND delivered = 0";
    /** How long a caller waits for its batch at most (a batch gives up far earlier: 2 s pool wait, 10 s socket). */
    private static final long AWAIT_SECONDS = 60;

    private final MysqlShards shards;
    private final ShardRouter router;
    private final List<ShardCommitter> committers;
    /** Per shard: whether MySQL can be reached (calls fail at once while not). */
    private final List<ShardHealth> health;
    /** The shared msgid sequence of read diffusion, or null (per-recipient ids). */
    private final MsgidSequencer sequencer;
    private final MysqlGroupTimelines timelines;

    /** A store on open shards with {@link GroupCommitSettings#DEFAULTS} (the caller keeps ownership of {@code shards}). */
    public MysqlMessageStore(MysqlShards shards) {
        this(shards, GroupCommitSettings.DEFAULTS);
    }

    /** A store on open shards (the caller keeps ownership of {@code shards}). */
    public MysqlMessageStore(MysqlShards shards, GroupCommitSettings settings) {
        this(shards, settings, ShardCommitter.BeforeCommit.NONE, null);
    }

    MysqlMessageStore(MysqlShards shards, GroupCommitSettings settings, ShardCommitter.BeforeCommit hook) {
        this(shards, settings, hook, null);
    }

    private MysqlMessageStore(MysqlShards shards, GroupCommitSettings settings, ShardCommitter.BeforeCommit hook,
                              MsgidSequencer sequencer) {
        if (shards.poolSize() <= settings.committersPerShard()) {
            throw new IllegalArgumentException("mysqlPoolSize (" + shards.poolSize() + ") must exceed mysqlCommitters ("
                    + settings.committersPerShard() + "): each committer keeps one connection, reads need the rest");
        }
        this.shards = shards;
        this.router = shards.router();
        this.sequencer = sequencer;
        List<ShardCommitter> list = new ArrayList<>();
        List<ShardHealth> healths = new ArrayList<>();
        Supplier<InboxIds> ids = sequencer == null ? PerRecipientIds::new : () -> new SharedMsgids(sequencer);
        for (int i = 0; i < shards.count(); i++) {
            ShardHealth h = new ShardHealth(i);
            healths.add(h);
            list.add(new ShardCommitter(i, shards.count(), shards.shard(i), settings, ids, hook, h));
        }
        this.committers = List.copyOf(list);
        this.health = List.copyOf(healths);
        this.timelines = sequencer == null ? null : new MysqlGroupTimelines(this, shards, sequencer);
    }

    /**
     * A store for read diffusion: inbox and group timeline rows numbered from one sequence in this process, continuing
     * above every id stored on the shards. Only one process may write the shards in this mode.
     *
     * @throws IllegalStateException if MySQL fails
     */
    public static MysqlMessageStore forReadFanout(MysqlShards shards, GroupCommitSettings settings) {
        return forReadFanout(shards, settings, ShardCommitter.BeforeCommit.NONE);
    }

    static MysqlMessageStore forReadFanout(MysqlShards shards, GroupCommitSettings settings,
                                           ShardCommitter.BeforeCommit hook) {
        try {
            return new MysqlMessageStore(shards, settings, hook, new MsgidSequencer(shards.shard(0), highestId(shards)));
        } catch (SQLException ex) {
            throw failure("the msgid sequence", ex);
        }
    }

    /** The group timelines on this store's msgid sequence (read diffusion). */
    public GroupTimelineStore timelines() {
        if (timelines == null) {
            throw new IllegalStateException("this MySQL store numbers inboxes per recipient (write fan-out); "
                    + "open it with forReadFanout for group timelines");
        }
        return timelines;
    }

    /** The largest inbox sequence or timeline id on any shard. */
    private static long highestId(MysqlShards shards) throws SQLException {
        long max = 0;
        for (int i = 0; i < shards.count(); i++) {
            try (Connection c = shards.shard(i).getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT GREATEST(COALESCE((SELECT MAX(last_id) FROM "
                         + "im_inbox_seq), 0), COALESCE((SELECT MAX(msg_id) FROM im_group_timeline), 0))");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                max = Math.max(max, rs.getLong(1));
            }
        }
        return max;
    }

    @Override
    public C2cReceipt storeC2c(Envelope e) {
        return await(committers.get(router.shardOf(e.to())).c2c(e));
    }

    @Override
    public SendReceipt recordSend(Envelope e) {
        return await(committers.get(router.shardOf(e.from())).send(e));
    }

    @Override
    public long[] appendToInboxes(List<String> recipients, Envelope e) {
        Map<Integer, List<Integer>> byShard = new TreeMap<>();
        for (int i = 0; i < recipients.size(); i++) {
            byShard.computeIfAbsent(router.shardOf(recipients.get(i)), k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> positions = new ArrayList<>();
        List<CompletableFuture<long[]>> pending = new ArrayList<>();
        RuntimeException failure = null;
        for (Map.Entry<Integer, List<Integer>> en : byShard.entrySet()) {
            List<String> uids = en.getValue().stream().map(recipients::get).toList();
            try {
                pending.add(committers.get(en.getKey()).append(uids, e));
                positions.add(en.getValue());
            } catch (RuntimeException ex) {
                failure = ex;
            }
        }
        long[] ids = new long[recipients.size()];
        for (int k = 0; k < pending.size(); k++) {
            try {
                long[] shardIds = await(pending.get(k));
                for (int j = 0; j < shardIds.length; j++) {
                    ids[positions.get(k).get(j)] = shardIds[j];
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

    /** Stores a group message's send row and timeline row on the group's shard (read diffusion). */
    TimelineReceipt postToTimeline(Envelope e) {
        return await(committers.get(groupShard(e.group())).post(e));
    }

    /** The shard of a group's timeline and member cursors: the shard of its id in decimal. */
    int groupShard(long group) {
        return router.shardOf(Long.toString(group));
    }

    /** Rows at or above this are not shown yet (read diffusion), or {@link Long#MAX_VALUE}. */
    long visibleBelow() {
        return sequencer == null ? Long.MAX_VALUE : sequencer.visibleBelow();
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
                "imbench_mysql_commit_write_seconds", () -> stats().writeNanos() / 1e9,
                "imbench_mysql_unreachable_shards", () -> health.stream().filter(ShardHealth::isUnreachable).count());
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

    @Override
    public List<InboxRow> page(String uid, long afterMsgid, int limit) {
        return read(uid, "page", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS
                    + " FROM im_message_recieve WHERE msg_to = ? AND msg_id > ? AND msg_id < ? ORDER BY msg_id LIMIT ?")) {
                ps.setString(1, uid);
                ps.setLong(2, afterMsgid);
                ps.setLong(3, visibleBelow());
                ps.setInt(4, limit);
                List<InboxRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long cmid = rs.getLong(9);
                        long group = rs.getLong(4);
                        String to = group != 0 ? Long.toString(group) : rs.getString(3);
                        Envelope env = new Envelope(rs.getString(2), to, group, rs.getInt(5),
                                rs.getInt(6), rs.getString(7), cmid, SqlTime.millis(rs, 8));
                        out.add(new InboxRow(rs.getLong(1), env, rs.getInt(10) != 0));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int ackUpTo(String uid, long cursor) {
        return read(uid, "delivered mark", c -> {
            try (PreparedStatement ps = c.prepareStatement(ACK_UP_TO_SQL)) {
                ps.setString(1, uid);
                ps.setLong(2, cursor);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean markDelivered(String uid, long msgid) {
        return await(committers.get(router.shardOf(uid)).markDelivered(uid, msgid));
    }

    @Override
    public boolean isDelivered(String uid, long msgid) {
        return read(uid, "delivered state", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT delivered FROM im_message_recieve WHERE msg_to = ? AND msg_id = ?")) {
                ps.setString(1, uid);
                ps.setLong(2, msgid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) != 0;
                }
            }
        });
    }

    @Override
    public long firstUndelivered(String uid, long upTo) {
        return read(uid, "undelivered lookup", c -> {
            try (PreparedStatement ps = c.prepareStatement(FIRST_UNDELIVERED_SQL)) {
                ps.setString(1, uid);
                ps.setLong(2, upTo);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** One statement (or a few) on a pool connection of {@code uid}'s shard. */
    @FunctionalInterface
    private interface ShardRead<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code body} on {@code uid}'s shard: at once refused while it is unreachable, a reach failure noted. */
    private <T> T read(String uid, String what, ShardRead<T> body) {
        int shard = router.shardOf(uid);
        ShardHealth h = health.get(shard);
        h.check();
        try (Connection c = shards.shard(shard).getConnection()) {
            T out = body.run(c);
            h.succeeded();
            return out;
        } catch (SQLException ex) {
            h.failed(ex);
            throw failure(what, ex);
        }
    }

    static IllegalStateException failure(String what, SQLException ex) {
        return new IllegalStateException("MySQL failed storing " + what + ": " + ex.getMessage(), ex);
    }

    /** Stops the per-shard committers; calls still queued fail (the shards stay open; close them separately). */
    @Override
    public void close() {
        committers.forEach(ShardCommitter::close);
    }
}

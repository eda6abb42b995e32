package dev.imbench.server.store.mysql;

import dev.imbench.protocol.pb.CmdId;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.SendReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 */
public final class MysqlMessageStore implements MessageStore, AutoCloseable {

    private static final int RETRIES = 3;
    /** send_time is written as UTC text with milliseconds (the driver would drop them from a LocalDateTime). */
    private static final DateTimeFormatter DATETIME_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String ROW_COLUMNS =
            "msg_id, msg_from, msg_to, group_id, cmd_id, msg_seq, msg_content, send_time, client_msg_id, delivered";

    private final MysqlShards shards;
    private final ShardRouter router;
    private final ExecutorService fanout = Executors.newVirtualThreadPerTaskExecutor();

    /** A store on open shards (the caller keeps ownership of {@code shards}). */
    public MysqlMessageStore(MysqlShards shards) {
        this.shards = shards;
        this.router = shards.router();
    }

    @Override
    public SendReceipt recordSend(Envelope e) {
        int shard = router.shardOf(e.from());
        try {
            if (e.clientMsgId() != 0) {
                SendReceipt existing = findSend(shard, e);
                if (existing != null) {
                    return existing;
                }
                if (isResendableC2c(e)) {
                    appendToInboxes(List.of(e.to()), e);
                }
            }
            try {
                return new SendReceipt(insertSend(shard, e), e.sendTime(), false);
            } catch (SQLIntegrityConstraintViolationException raced) {
                SendReceipt existing = findSend(shard, e);
                if (existing == null) {
                    throw raced;
                }
                return existing;
            }
        } catch (SQLException ex) {
            throw failure("send row", ex);
        }
    }

    private static boolean isResendableC2c(Envelope e) {
        return e.group() == 0 && e.cmdId() == CmdId.C2C_PUSH_REQ_VALUE && e.clientMsgId() != 0;
    }

    private SendReceipt findSend(int shard, Envelope e) throws SQLException {
        try (Connection c = shards.shard(shard).getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT msg_id, send_time FROM im_message_send WHERE msg_from = ? AND client_msg_id = ?")) {
            ps.setString(1, e.from());
            ps.setLong(2, e.clientMsgId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new SendReceipt(globalSendId(rs.getLong(1), shard), millis(rs, 2), true);
            }
        }
    }

    private long insertSend(int shard, Envelope e) throws SQLException {
        try (Connection c = shards.shard(shard).getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO im_message_send (msg_from, msg_to, group_id, "
                     + "cmd_id, msg_seq, msg_content, send_time, client_msg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            bindEnvelope(ps, 1, e);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return globalSendId(keys.getLong(1), shard);
            }
        }
    }

    private long globalSendId(long local, int shard) {
        return local * router.shards() + shard;
    }

    @Override
    public long[] appendToInboxes(List<String> recipients, Envelope e) {
        long[] ids = new long[recipients.size()];
        Map<Integer, List<Integer>> byShard = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            byShard.computeIfAbsent(router.shardOf(recipients.get(i)), k -> new ArrayList<>()).add(i);
        }
        if (byShard.size() == 1) {
            Map.Entry<Integer, List<Integer>> only = byShard.entrySet().iterator().next();
            appendOnShard(only.getKey(), only.getValue(), recipients, e, ids);
            return ids;
        }
        List<Future<?>> pending = new ArrayList<>(byShard.size());
        byShard.forEach((shard, idx) -> pending.add(fanout.submit(() -> appendOnShard(shard, idx, recipients, e, ids))));
        RuntimeException failure = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException ex) {
                failure = ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while storing", ex);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return ids;
    }

    private void appendOnShard(int shard, List<Integer> idx, List<String> recipients, Envelope e, long[] ids) {
        for (int attempt = 1; ; attempt++) {
            try {
                appendTransaction(shard, idx, recipients, e, ids);
                return;
            } catch (SQLTransactionRollbackException deadlock) {
                if (attempt >= RETRIES) {
                    throw failure("inbox rows", deadlock);
                }
            } catch (SQLException ex) {
                throw failure("inbox rows", ex);
            }
        }
    }

    private void appendTransaction(int shard, List<Integer> idx, List<String> recipients, Envelope e, long[] ids)
            throws SQLException {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (int i : idx) {
            counts.merge(recipients.get(i), 1, Integer::sum);
        }
        try (Connection c = shards.shard(shard).getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Long> last = raiseSequences(c, counts);
                if (idx.size() == 1 && isResendableC2c(e)) {
                    long existing = findInboxResend(c, recipients.get(idx.get(0)), e);
                    if (existing > 0) {
                        c.rollback();
                        ids[idx.get(0)] = existing;
                        return;
                    }
                }
                Map<String, Long> next = new HashMap<>();
                counts.forEach((uid, n) -> next.put(uid, last.get(uid) - n + 1));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO im_message_recieve (msg_id, msg_from, "
                        + "msg_to, group_id, cmd_id, msg_seq, msg_content, send_time, client_msg_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i : idx) {
                        String uid = recipients.get(i);
                        long id = next.merge(uid, 1L, Long::sum) - 1;
                        ids[i] = id;
                        ps.setLong(1, id);
                        bindEnvelope(ps, 2, e);
                        ps.setString(3, uid); // msg_to is the inbox owner
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        }
    }

    /** Raises each recipient's sequence by its row count (locking it) and returns the new last ids. */
    private static Map<String, Long> raiseSequences(Connection c, TreeMap<String, Integer> counts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO im_inbox_seq (uid, last_id) VALUES (?, ?) "
                + "ON DUPLICATE KEY UPDATE last_id = last_id + VALUES(last_id)")) {
            for (Map.Entry<String, Integer> en : counts.entrySet()) {
                ps.setString(1, en.getKey());
                ps.setLong(2, en.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<String, Long> last = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT uid, last_id FROM im_inbox_seq WHERE uid IN (");
        for (int i = 0; i < counts.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
            int p = 1;
            for (String uid : counts.keySet()) {
                ps.setString(p++, uid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return last;
    }

    private static long findInboxResend(Connection c, String uid, Envelope e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT msg_id FROM im_message_recieve WHERE msg_to = ? "
                + "AND msg_from = ? AND client_msg_id = ? AND group_id = 0 AND cmd_id = ? LIMIT 1")) {
            ps.setString(1, uid);
            ps.setString(2, e.from());
            ps.setLong(3, e.clientMsgId());
            ps.setInt(4, e.cmdId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Binds from, to, group, cmd, seq, content, send time, client_msg_id starting at {@code p}. */
    private static void bindEnvelope(PreparedStatement ps, int p, Envelope e) throws SQLException {
        ps.setString(p, e.from());
        ps.setString(p + 1, e.to());
        ps.setLong(p + 2, e.group());
        ps.setInt(p + 3, e.cmdId());
        ps.setInt(p + 4, e.seq());
        ps.setString(p + 5, e.content());
        ps.setString(p + 6, DATETIME_MS.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(e.sendTime()), ZoneOffset.UTC)));
        if (e.clientMsgId() == 0) {
            ps.setNull(p + 7, Types.BIGINT);
        } else {
            ps.setLong(p + 7, e.clientMsgId());
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
        return update("UPDATE im_message_recieve SET delivered = 1 WHERE msg_to = ? AND msg_id = ? AND delivered = 0",
                uid, msgid) == 1;
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

    /** Stops the fan-out executor (the shards stay open; close them separately). */
    @Override
    public void close() {
        fanout.close();
    }
}

package dev.imbench.server.store.mysql;

import dev.imbench.protocol.pb.CmdId;
import dev.imbench.server.store.Envelope;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One shard's group committer: store calls queue here and each of
 * {@link GroupCommitSettings#committersPerShard()} threads takes whatever is queued
 * (up to {@link GroupCommitSettings#maxBatchRows()} rows) and writes it in one transaction: one sequence upsert and
 * one sequence read for all the batch's recipients (locked in sorted order), one multi-row insert of
 * inbox rows, one of send rows. Every call's future completes only after the commit of its batch; a
 * failed batch is rolled back whole and fails every call in it.
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

    /** A queued store call. */
    private sealed interface Op permits SendOp, InboxOp, DeliveredOp {
        /** Completed after the batch's commit, or failed with it. */
        CompletableFuture<?> done();

        /** Rows the call writes. */
        default int rows() {
            return 1;
        }

        default void fail(RuntimeException e) {
            done().completeExceptionally(e);
        }
    }

    private record SendOp(Envelope e, CompletableFuture<SendReceipt> done) implements Op {
    }

    private record InboxOp(Envelope e, List<String> uids, CompletableFuture<long[]> done) implements Op {
        @Override
        public int rows() {
            return uids.size();
        }
    }

    private record DeliveredOp(String uid, long msgid, CompletableFuture<Boolean> done) implements Op {
    }

    /** A resend's identity in an inbox. */
    private record InboxKey(String to, String from, long clientMsgId, int cmdId) {
    }

    /** A resend's identity in the send log. */
    private record SendKey(String from, long clientMsgId) {
    }

    private static final int RETRIES = 3;
    /** send_time is written as UTC text with milliseconds (the driver would drop them from a LocalDateTime). */
    private static final DateTimeFormatter DATETIME_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final int shard;
    private final int shardCount;
    private final DataSource ds;
    private final GroupCommitSettings settings;
    private final BeforeCommit hook;
    private final BlockingQueue<Op> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder writeNanos = new java.util.concurrent.atomic.LongAdder();

    ShardCommitter(int shard, int shardCount, DataSource ds, GroupCommitSettings settings, BeforeCommit hook) {
        this.shard = shard;
        this.shardCount = shardCount;
        this.ds = ds;
        this.settings = settings;
        this.hook = hook;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; i < settings.committersPerShard(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("imbench-mysql-commit-" + shard + "-" + i).start(this::run));
        }
    }

    /** Queues a send row; the future gives its receipt after commit (the first one's for a resend). */
    CompletableFuture<SendReceipt> send(Envelope e) {
        CompletableFuture<SendReceipt> f = new CompletableFuture<>();
        enqueue(new SendOp(e, f));
        return f;
    }

    /** Queues one inbox row per uid (all on this shard); the future gives their msgids after commit. */
    CompletableFuture<long[]> append(List<String> uids, Envelope e) {
        CompletableFuture<long[]> f = new CompletableFuture<>();
        enqueue(new InboxOp(e, List.copyOf(uids), f));
        return f;
    }

    /** Queues a delivered mark; the future tells after commit whether this call changed the row. */
    CompletableFuture<Boolean> markDelivered(String uid, long msgid) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        enqueue(new DeliveredOp(uid, msgid, f));
        return f;
    }

    /** Batches written (committed or failed), calls in them, and the committer's time spent writing them. */
    GroupCommitStats stats() {
        return new GroupCommitStats(batches.sum(), calls.sum(), writeNanos.sum());
    }

    /** Calls waiting in the queue (not counting the batch being written). */
    int queuedCalls() {
        return queue.size();
    }

    static boolean isResendableC2c(Envelope e) {
        return e.group() == 0 && e.cmdId() == CmdId.C2C_PUSH_REQ_VALUE && e.clientMsgId() != 0;
    }

    private void enqueue(Op op) {
        if (closed) {
            throw new IllegalStateException("MySQL store closed");
        }
        if (!queue.offer(op)) {
            throw new IllegalStateException("MySQL shard " + shard + " write queue full ("
                    + settings.queueCapacity() + " calls waiting)");
        }
        if (closed) {
            failQueued();
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>();
        Op carry = null; // taken from the queue but did not fit the previous batch
        while (!closed) {
            try {
                batch.clear();
                carry = fill(batch, carry);
            } catch (InterruptedException e) {
                batch.forEach(op -> op.fail(new IllegalStateException("MySQL store closed")));
                continue;
            }
            long t0 = System.nanoTime();
            write(batch);
            writeNanos.add(System.nanoTime() - t0);
            batches.increment();
            calls.add(batch.size());
        }
        if (carry != null) {
            carry.fail(new IllegalStateException("MySQL store closed"));
        }
        failQueued();
    }

    /**
     * Takes the next batch: {@code carry} or the first queued op (waiting for it), then what fits until the queue
     * is empty or maxWait passed. Returns the op that was taken but did not fit (or null).
     */
    private Op fill(List<Op> batch, Op carry) throws InterruptedException {
        Op first = carry != null ? carry : queue.take();
        batch.add(first);
        int rows = first.rows();
        long waitNanos = settings.maxWait().toNanos();
        long deadline = System.nanoTime() + waitNanos;
        while (rows < settings.maxBatchRows()) {
            Op next = queue.poll();
            if (next == null && waitNanos > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            }
            if (next == null) {
                break;
            }
            if (rows + next.rows() > settings.maxBatchRows()) {
                return next;
            }
            batch.add(next);
            rows += next.rows();
        }
        return null;
    }

    private void failQueued() {
        IllegalStateException closedEx = new IllegalStateException("MySQL store closed");
        for (Op op; (op = queue.poll()) != null; ) {
            op.fail(closedEx);
        }
    }

    /** Writes and commits one batch, retrying deadlocks and key races; completes or fails every op in it. */
    private void write(List<Op> batch) {
        for (int attempt = 1; ; attempt++) {
            Object[] results;
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    results = new Object[batch.size()];
                    writeInbox(c, batch, results);
                    writeSends(c, batch, results);
                    writeDelivered(c, batch, results);
                    hook.run(shard, batch.size());
                    c.commit();
                } catch (SQLException | RuntimeException ex) {
                    rollbackQuietly(c);
                    throw ex;
                }
            } catch (SQLTransactionRollbackException | SQLIntegrityConstraintViolationException retry) {
                if (attempt < RETRIES) {
                    continue;
                }
                failAll(batch, retry);
                return;
            } catch (SQLException | RuntimeException ex) {
                failAll(batch, ex);
                return;
            }
            complete(batch, results);
            return;
        }
    }

    private static void complete(List<Op> batch, Object[] results) {
        for (int i = 0; i < batch.size(); i++) {
            switch (batch.get(i)) {
                case SendOp s -> s.done().complete((SendReceipt) results[i]);
                case InboxOp in -> in.done().complete((long[]) results[i]);
                case DeliveredOp d -> d.done().complete((Boolean) results[i]);
            }
        }
    }

    private void failAll(List<Op> batch, Exception ex) {
        IllegalStateException failure = new IllegalStateException("MySQL failed storing a batch of " + batch.size()
                + " calls on shard " + shard + " (nothing of it stored): " + ex.getMessage(), ex);
        batch.forEach(op -> op.fail(failure));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server rolls the transaction back when it goes
        }
    }

    // ---- inbox rows ----

    private static void writeInbox(Connection c, List<Op> batch, Object[] out) throws SQLException {
        Map<InboxKey, Integer> leaders = new HashMap<>();
        Map<Integer, Integer> followerOf = new HashMap<>();
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (!(batch.get(i) instanceof InboxOp op)) {
                continue;
            }
            if (op.uids().size() == 1 && isResendableC2c(op.e())) {
                Integer leader = leaders.putIfAbsent(inboxKey(op), i);
                if (leader != null) {
                    followerOf.put(i, leader); // a second copy of the same resend in this batch
                    continue;
                }
            }
            for (String uid : op.uids()) {
                counts.merge(uid, 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        Map<String, Long> last = raiseSequences(c, counts);
        Map<InboxKey, Long> existing = leaders.isEmpty() ? Map.of() : findInboxResends(c, leaders.keySet());
        if (!existing.isEmpty()) {
            TreeMap<String, Integer> giveBack = new TreeMap<>();
            existing.keySet().forEach(k -> giveBack.merge(k.to(), 1, Integer::sum));
            lowerSequences(c, giveBack);
            giveBack.forEach((uid, n) -> {
                counts.merge(uid, -n, Integer::sum);
                last.merge(uid, (long) -n, Long::sum);
            });
        }
        Map<String, Long> next = new HashMap<>();
        counts.forEach((uid, n) -> next.put(uid, last.get(uid) - n + 1));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO im_message_recieve (msg_id, msg_from, "
                + "msg_to, group_id, cmd_id, msg_seq, msg_content, send_time, client_msg_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean any = false;
            for (int i = 0; i < batch.size(); i++) {
                if (!(batch.get(i) instanceof InboxOp op) || followerOf.containsKey(i)) {
                    continue;
                }
                Long found = op.uids().size() == 1 && isResendableC2c(op.e()) ? existing.get(inboxKey(op)) : null;
                if (found != null) {
                    out[i] = new long[] {found};
                    continue;
                }
                long[] ids = new long[op.uids().size()];
                for (int r = 0; r < ids.length; r++) {
                    String uid = op.uids().get(r);
                    ids[r] = next.merge(uid, 1L, Long::sum) - 1;
                    ps.setLong(1, ids[r]);
                    bindEnvelope(ps, 2, op.e());
                    ps.setString(3, uid); // msg_to is the inbox owner
                    ps.addBatch();
                    any = true;
                }
                out[i] = ids;
            }
            if (any) {
                ps.executeBatch();
            }
        }
        followerOf.forEach((i, leader) -> out[i] = ((long[]) out[leader]).clone());
    }

    private static InboxKey inboxKey(InboxOp op) {
        return new InboxKey(op.uids().get(0), op.e().from(), op.e().clientMsgId(), op.e().cmdId());
    }

    /** Raises each recipient's sequence by its row count (locking the rows in sorted order) and returns the new last ids. */
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
        try (PreparedStatement ps = c.prepareStatement("SELECT uid, last_id FROM im_inbox_seq WHERE uid IN ("
                + placeholders(counts.size(), "?") + ")")) {
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

    /** Gives back ids raised for rows that turned out to be stored already (the row locks are still held). */
    private static void lowerSequences(Connection c, TreeMap<String, Integer> giveBack) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE im_inbox_seq SET last_id = last_id - ? WHERE uid = ?")) {
            for (Map.Entry<String, Integer> en : giveBack.entrySet()) {
                ps.setLong(1, en.getValue());
                ps.setString(2, en.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Map<InboxKey, Long> findInboxResends(Connection c, java.util.Set<InboxKey> keys) throws SQLException {
        Map<InboxKey, Long> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT msg_to, msg_from, client_msg_id, cmd_id, msg_id "
                + "FROM im_message_recieve FORCE INDEX (idx_recv_resend) WHERE group_id = 0 AND ("
                + placeholders(keys.size(), "(msg_to = ? AND msg_from = ? AND client_msg_id = ?)").replace(",", " OR")
                + ")")) {
            int p = 1;
            for (InboxKey k : keys) {
                ps.setString(p++, k.to());
                ps.setString(p++, k.from());
                ps.setLong(p++, k.clientMsgId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    InboxKey k = new InboxKey(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4));
                    if (keys.contains(k)) {
                        found.merge(k, rs.getLong(5), Math::min);
                    }
                }
            }
        }
        return found;
    }

    // ---- delivered marks ----

    private static void writeDelivered(Connection c, List<Op> batch, Object[] out) throws SQLException {
        List<Integer> marks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE im_message_recieve SET delivered = 1 WHERE msg_to = ? AND msg_id = ? AND delivered = 0")) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) instanceof DeliveredOp op) {
                    ps.setString(1, op.uid());
                    ps.setLong(2, op.msgid());
                    ps.addBatch();
                    marks.add(i);
                }
            }
            if (marks.isEmpty()) {
                return;
            }
            int[] changed = ps.executeBatch();
            for (int k = 0; k < marks.size(); k++) {
                out[marks.get(k)] = changed[k] == 1;
            }
        }
    }

    // ---- send rows ----

    private void writeSends(Connection c, List<Op> batch, Object[] out) throws SQLException {
        Map<SendKey, Integer> leaders = new HashMap<>();
        Map<Integer, Integer> followerOf = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof SendOp op && op.e().clientMsgId() != 0) {
                Integer leader = leaders.putIfAbsent(new SendKey(op.e().from(), op.e().clientMsgId()), i);
                if (leader != null) {
                    followerOf.put(i, leader);
                }
            }
        }
        Map<SendKey, SendReceipt> existing = leaders.isEmpty() ? Map.of() : findSends(c, leaders.keySet());
        List<Integer> inserted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO im_message_send (msg_from, msg_to, group_id, "
                + "cmd_id, msg_seq, msg_content, send_time, client_msg_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < batch.size(); i++) {
                if (!(batch.get(i) instanceof SendOp op) || followerOf.containsKey(i)) {
                    continue;
                }
                SendReceipt found = existing.get(new SendKey(op.e().from(), op.e().clientMsgId()));
                if (found != null) {
                    out[i] = found;
                    continue;
                }
                bindEnvelope(ps, 1, op.e());
                ps.addBatch();
                inserted.add(i);
            }
            if (!inserted.isEmpty()) {
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (int i : inserted) {
                        if (!keys.next()) {
                            throw new SQLException("fewer generated keys than send rows");
                        }
                        out[i] = new SendReceipt(keys.getLong(1) * shardCount + shard, ((SendOp) batch.get(i)).e().sendTime(),
                                false);
                    }
                }
            }
        }
        followerOf.forEach((i, leader) -> {
            SendReceipt first = (SendReceipt) out[leader];
            out[i] = new SendReceipt(first.msgid(), first.sendTime(), true);
        });
    }

    private Map<SendKey, SendReceipt> findSends(Connection c, java.util.Set<SendKey> keys) throws SQLException {
        Map<SendKey, SendReceipt> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT msg_from, client_msg_id, msg_id, send_time "
                + "FROM im_message_send FORCE INDEX (uk_send_client) WHERE "
                + placeholders(keys.size(), "(msg_from = ? AND client_msg_id = ?)").replace(",", " OR"))) {
            int p = 1;
            for (SendKey k : keys) {
                ps.setString(p++, k.from());
                ps.setLong(p++, k.clientMsgId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long sendTime = rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
                    found.put(new SendKey(rs.getString(1), rs.getLong(2)),
                            new SendReceipt(rs.getLong(3) * shardCount + shard, sendTime, true));
                }
            }
        }
        return found;
    }

    private static String placeholders(int n, String one) {
        return String.join(",", java.util.Collections.nCopies(n, one));
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

    /** Stops the committer after its current batch; queued calls fail. */
    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        try {
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }
}

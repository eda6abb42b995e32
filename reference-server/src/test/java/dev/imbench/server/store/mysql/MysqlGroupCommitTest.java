package dev.imbench.server.store.mysql;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.TcpRelay;
import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.SendReceipt;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of {@link MysqlMessageStore}: concurrent calls share transactions, every caller is
 * answered after its batch committed, a failed batch stores nothing and fails every caller in it.
 * MySQL is reached through a {@link TcpRelay} so a batch can be cut mid-way (schema
 * {@code imbench_gc_shard_0..1}, emptied per test).
 */
class MysqlGroupCommitTest {

    private static final int SHARDS = 2;
    /** One committer per shard, so holding it holds the shard (the tests that gather a batch on purpose). */
    private static final GroupCommitSettings ONE_COMMITTER = new GroupCommitSettings(1_000, Duration.ZERO, 20_000, 1);

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    /** Held by the test to keep the committer inside a batch while more calls queue. */
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile CountDownLatch holding = new CountDownLatch(1);
    /** The shard whose batches wait for {@link #hold}. */
    private volatile int holdShard = -1;
    /** A batch of at least this many calls cuts MySQL just before its commit. */
    private volatile int cutAtCalls = Integer.MAX_VALUE;

    private TcpRelay relay;
    private MysqlShards shards;
    private MysqlMessageStore store;
    private ExecutorService callers;

    @BeforeEach
    void open() throws Exception {
        LiveServices.requireMysql();
        relay = new TcpRelay(LiveServices.MYSQL_HOST, LiveServices.MYSQL_PORT);
        relay.start();
        shards = MysqlShards.open(MysqlShards.urls("jdbc:mysql://127.0.0.1:" + relay.port() + "/imbench_gc_shard_", SHARDS),
                "root", "", 4);
        shards.truncateAll();
        callers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void close() {
        hold.countDown();
        if (callers != null) {
            callers.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
        if (shards != null) {
            shards.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private MysqlMessageStore newStore(GroupCommitSettings settings) {
        store = new MysqlMessageStore(shards, settings, (shard, calls) -> {
            batchSizes.add(calls);
            if (shard == holdShard) {
                holding.countDown();
                try {
                    assertTrue(hold.await(30, TimeUnit.SECONDS), "test never released the batch");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (calls >= cutAtCalls) {
                relay.stop();
            }
        });
        return store;
    }

    private static Envelope c2c(String from, String to, String text, long clientMsgId) {
        return new Envelope(from, to, 0, 203, 1, text, clientMsgId, 1_764_000_000_000L);
    }

    /** What the c2c logic does before it acks: the send row and the recipient's row, one call. */
    private static long[] c2cSend(MysqlMessageStore s, Envelope e) {
        C2cReceipt r = s.storeC2c(e);
        return new long[] {r.msgid(), r.inboxMsgid()};
    }

    /** Starts a call on its own thread while the committer of {@code shard} is held, and waits until it queued. */
    private <T> Future<T> queued(int shard, int expectedQueued, Supplier<T> call) {
        Future<T> f = callers.submit(call::get);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.queuedCalls(shard) >= expectedQueued);
        return f;
    }

    /** Keeps the committer of {@code uid}'s shard inside a first batch (a c2c to {@code uid}) until {@link #hold} opens. */
    private Future<long[]> holdCommitter(String uid) throws InterruptedException {
        hold = new CountDownLatch(1);
        holding = new CountDownLatch(1);
        holdShard = shards.router().shardOf(uid);
        Future<long[]> first = callers.submit(() -> store.appendToInboxes(List.of(uid), c2c("gate", uid, "gate", 1)));
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        return first;
    }

    @Test
    void shouldStoreManyConcurrentC2cAndGroupSendsExactlyOnceWithDenseIncreasingIdsPerRecipient() throws Exception {
        concurrentSendsStoredOnceWithDenseIds(GroupCommitSettings.DEFAULTS);
    }

    @Test
    void shouldKeepIdsDenseAndRowsUniqueWithSeveralCommittersPerShard() throws Exception {
        concurrentSendsStoredOnceWithDenseIds(new GroupCommitSettings(1_000, Duration.ZERO, 20_000, 3));
    }

    private void concurrentSendsStoredOnceWithDenseIds(GroupCommitSettings settings) throws Exception {
        newStore(settings);
        List<String> users = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7");
        int threads = 24;
        int perThread = 40;
        Map<String, List<Long>> acked = new ConcurrentHashMap<>();
        Set<Long> sendIds = ConcurrentHashMap.newKeySet();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(callers.submit(() -> {
                SplittableRandom rnd = new SplittableRandom(1_000 + thread);
                for (int i = 0; i < perThread; i++) {
                    String from = "s" + thread;
                    if (i % 10 == 9) { // a group fan-out to every user
                        long[] ids = store.appendToInboxes(users, new Envelope(from, "77", 77, 301, i, "g", 0, 1_000));
                        for (int u = 0; u < users.size(); u++) {
                            acked.computeIfAbsent(users.get(u), k -> new CopyOnWriteArrayList<>()).add(ids[u]);
                        }
                        continue;
                    }
                    String to = users.get(rnd.nextInt(users.size()));
                    long[] r = c2cSend(store, c2c(from, to, from + "#" + i, i + 1));
                    assertTrue(sendIds.add(r[0]), "send msgid given twice: " + r[0]);
                    acked.computeIfAbsent(to, k -> new CopyOnWriteArrayList<>()).add(r[1]);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        int rows = 0;
        for (String uid : users) {
            List<InboxRow> inbox = store.page(uid, 0, 10_000);
            List<Long> ids = inbox.stream().map(InboxRow::msgid).toList();
            List<Long> dense = new ArrayList<>();
            for (long id = 1; id <= ids.size(); id++) {
                dense.add(id);
            }
            assertEquals(dense, ids, uid + "'s inbox ids are 1..n with no gap");
            assertEquals(new HashSet<>(acked.get(uid)), new HashSet<>(ids), uid + ": every acked id stored, nothing else");
            assertEquals(ids.size(), acked.get(uid).size());
            rows += ids.size();
        }
        assertEquals(threads * perThread / 10 * 9 + threads * perThread / 10 * users.size(), rows);
        assertEquals(threads * perThread / 10 * 9, sendRows(), "one send row per c2c");
        assertTrue(batchSizes.stream().anyMatch(n -> n > 1), "concurrent calls shared a transaction: " + batchSizes);
    }

    @Test
    void shouldStoreTwoCopiesOfOneResendInTheSameBatchOnce() throws Exception {
        newStore(ONE_COMMITTER);
        int shard = shards.router().shardOf("bob");
        Future<long[]> gate = holdCommitter("bob");
        Envelope e = c2c(otherShardThan("bob"), "bob", "twice", 9);
        Future<C2cReceipt> a = queued(shard, 1, () -> store.storeC2c(e));
        Future<C2cReceipt> b = queued(shard, 2, () -> store.storeC2c(e));
        hold.countDown();
        gate.get(10, TimeUnit.SECONDS);
        C2cReceipt ra = a.get(10, TimeUnit.SECONDS);
        C2cReceipt rb = b.get(10, TimeUnit.SECONDS);
        assertEquals(ra.msgid(), rb.msgid());
        assertTrue(ra.duplicate() ^ rb.duplicate(), "exactly one copy is the original: " + ra + " " + rb);
        assertTrue(batchSizes.contains(2), "both copies were in one batch: " + batchSizes);
        batchSizes.clear();
        assertEquals(List.of("gate", "twice"), store.page("bob", 0, 10).stream().map(r -> r.envelope().content()).toList());
        assertEquals(1, sendRows());

        // a group send's row lives on the sender's shard: two copies of its resend there are stored once too
        Envelope g = new Envelope(e.from(), "77", 77, 303, 1, "group", 10, 1_764_000_000_000L);
        int senderShard = shards.router().shardOf(e.from());
        assertNotEquals(shard, senderShard, "test set-up: sender and recipient on different shards");
        Future<long[]> gate2 = holdCommitter(e.from());
        Future<SendReceipt> s1 = queued(senderShard, 1, () -> store.recordSend(g));
        Future<SendReceipt> s2 = queued(senderShard, 2, () -> store.recordSend(g));
        hold.countDown();
        gate2.get(10, TimeUnit.SECONDS);
        SendReceipt r1 = s1.get(10, TimeUnit.SECONDS);
        SendReceipt r2 = s2.get(10, TimeUnit.SECONDS);
        assertEquals(r1.msgid(), r2.msgid());
        assertTrue(r1.duplicate() ^ r2.duplicate(), "exactly one copy is the original: " + r1 + " " + r2);
        assertTrue(batchSizes.contains(2), "both send rows were in one batch: " + batchSizes);
        assertEquals(2, sendRows());
    }

    @Test
    void shouldFailEveryCallerOfACutBatchStoreNothingOfItAndStoreTheResendsOnceAfterRecovery() throws Exception {
        newStore(ONE_COMMITTER);
        int shard = shards.router().shardOf("bob");
        Future<long[]> gate = holdCommitter("bob");
        int n = 12;
        List<Envelope> sends = new ArrayList<>();
        List<Future<C2cReceipt>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Envelope e = c2c("s" + i, "bob", "m" + i, 100 + i);
            sends.add(e);
            calls.add(queued(shard, i + 1, () -> store.storeC2c(e)));
        }
        cutAtCalls = n;
        hold.countDown();
        gate.get(10, TimeUnit.SECONDS);
        for (Future<C2cReceipt> f : calls) {
            Exception ex = assertThrows(Exception.class, () -> f.get(30, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, ex.getCause(), "no ack: " + ex);
        }
        assertEquals(List.of(n), batchSizes.subList(1, batchSizes.size()), "all the calls were one batch");

        cutAtCalls = Integer.MAX_VALUE;
        relay.start();
        assertEquals(List.of("gate"), await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> store.page("bob", 0, 100).stream().map(r -> r.envelope().content()).toList(), l -> true),
                "nothing of the cut batch was stored");
        Map<String, Long> first = new TreeMap<>();
        for (int round = 0; round < 2; round++) { // the client's resend, then a second resend of the same
            List<Future<long[]>> resends = new ArrayList<>();
            for (Envelope e : sends) {
                resends.add(callers.submit(() -> c2cSend(store, e)));
            }
            for (int i = 0; i < n; i++) {
                long[] r = resends.get(i).get(30, TimeUnit.SECONDS);
                if (round == 0) {
                    assertNotEquals(0, r[1]);
                    first.put(sends.get(i).content(), r[0]);
                } else {
                    assertEquals(first.get(sends.get(i).content()), r[0], "the second resend gets the first receipt");
                }
            }
        }
        List<InboxRow> inbox = store.page("bob", 0, 100);
        assertEquals(n + 1, inbox.size(), "each message once");
        assertEquals(n + 1, new HashSet<>(inbox.stream().map(r -> r.envelope().content()).toList()).size());
        assertEquals(n + 1, inbox.get(n).msgid(), "ids stay dense after the rolled-back batch");
        assertEquals(n, sendRows());
    }

    @Test
    void shouldFailFastWhenTheShardQueueIsFull() throws Exception {
        newStore(new GroupCommitSettings(1_000, Duration.ZERO, 2, 1));
        int shard = shards.router().shardOf("bob");
        Future<long[]> gate = holdCommitter("bob");
        Future<long[]> one = queued(shard, 1, () -> store.appendToInboxes(List.of("bob"), c2c("a", "bob", "1", 1)));
        Future<long[]> two = queued(shard, 2, () -> store.appendToInboxes(List.of("bob"), c2c("a", "bob", "2", 2)));
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> store.appendToInboxes(List.of("bob"), c2c("a", "bob", "3", 3)));
        assertTrue(full.getMessage().contains("queue full"), full.getMessage());
        hold.countDown();
        gate.get(10, TimeUnit.SECONDS);
        one.get(10, TimeUnit.SECONDS);
        two.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("gate", "1", "2"), store.page("bob", 0, 10).stream().map(r -> r.envelope().content()).toList());
        assertFalse(batchSizes.isEmpty());
    }

    @Test
    void shouldMarkDeliveredOnceWhenTwoAcksOfOneRowShareABatch() throws Exception {
        newStore(ONE_COMMITTER);
        int shard = shards.router().shardOf("bob");
        long id = store.appendToInboxes(List.of("bob"), c2c("a", "bob", "x", 1))[0];
        Future<long[]> gate = holdCommitter("bob");
        Future<Boolean> a = queued(shard, 1, () -> store.markDelivered("bob", id));
        Future<Boolean> b = queued(shard, 2, () -> store.markDelivered("bob", id));
        Future<Boolean> unknown = queued(shard, 3, () -> store.markDelivered("bob", id + 100));
        hold.countDown();
        gate.get(10, TimeUnit.SECONDS);
        assertTrue(a.get(10, TimeUnit.SECONDS) ^ b.get(10, TimeUnit.SECONDS), "one of the two acks changed the row");
        assertFalse(unknown.get(10, TimeUnit.SECONDS));
        assertTrue(batchSizes.contains(3), "the three marks were one batch: " + batchSizes);
        assertTrue(store.isDelivered("bob", id));
    }

    @Test
    void shouldRefuseBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new GroupCommitSettings(0, Duration.ZERO, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new GroupCommitSettings(10, Duration.ofMillis(-1), 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new GroupCommitSettings(10, Duration.ofSeconds(2), 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new GroupCommitSettings(10, Duration.ZERO, 0, 1));
    }

    private String otherShardThan(String uid) {
        for (int i = 0; ; i++) {
            if (shards.router().shardOf("alice" + i) != shards.router().shardOf(uid)) {
                return "alice" + i;
            }
        }
    }

    private long sendRows() throws Exception {
        long total = 0;
        for (int i = 0; i < SHARDS; i++) {
            try (Connection c = shards.shard(i).getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM im_message_send")) {
                rs.next();
                total += rs.getLong(1);
            }
        }
        return total;
    }
}

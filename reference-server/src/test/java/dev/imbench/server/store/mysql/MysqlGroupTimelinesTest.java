package dev.imbench.server.store.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.GroupTimelineStoreContract;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.TimelineReceipt;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Read diffusion on MySQL ({@link MysqlMessageStore#forReadFanout}): the timeline contract, rows hidden while a
 * smaller id is still in flight on another shard, and the sequence continuing above every stored id after a restart
 * (schemas {@code imbench_tl_shard_0..1}, emptied per test).
 */
class MysqlGroupTimelinesTest extends GroupTimelineStoreContract {

    private static final TestShards SHARDS = new TestShards("imbench_tl_shard_", 2);
    private MysqlMessageStore store;

    @AfterAll
    static void closeShards() {
        SHARDS.close();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected Pair newStores() {
        store = MysqlMessageStore.forReadFanout(SHARDS.empty(), GroupCommitSettings.DEFAULTS);
        return new Pair(store, store.timelines());
    }

    private static Envelope post(long group, String text) {
        return new Envelope("alice", Long.toString(group), group, 303, 1, text, 0, 1_764_000_000_000L);
    }

    /** A group whose timeline is not on {@code other}'s shard. */
    private long groupOffTheShardOf(long other) {
        for (long g = other + 1; ; g++) {
            if (store.groupShard(g) != store.groupShard(other)) {
                return g;
            }
        }
    }

    @Test
    void shouldHideARowWhileASmallerIdIsStillInFlightOnAnotherShard() throws Exception {
        store.close();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long slow = 11;
        int slowShard = new ShardRouter(2).shardOf(Long.toString(slow));
        store = MysqlMessageStore.forReadFanout(SHARDS.get(), GroupCommitSettings.DEFAULTS, (shard, calls) -> {
            if (shard == slowShard && holding.getCount() > 0) {
                holding.countDown();
                try {
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        long fast = groupOffTheShardOf(slow);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<TimelineReceipt> first = pool.submit(() -> store.timelines().post(post(slow, "first")));
            assertTrue(holding.await(10, TimeUnit.SECONDS), "the first post is inside its transaction");
            long second = store.timelines().post(post(fast, "second")).timelineMsgid();
            assertEquals(List.of(), store.timelines().pageTimeline(fast, 0, 10),
                    "committed, but above an id still in flight: a reader showing it could skip the smaller one");
            release.countDown();
            long firstId = first.get(10, TimeUnit.SECONDS).timelineMsgid();
            assertTrue(firstId < second);
            assertEquals(List.of(second), store.timelines().pageTimeline(fast, 0, 10).stream().map(InboxRow::msgid).toList());
            assertEquals(List.of(firstId), store.timelines().pageTimeline(slow, 0, 10).stream().map(InboxRow::msgid).toList());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void shouldContinueAboveEveryStoredIdAfterARestart() {
        long before = store.timelines().post(post(7, "before")).timelineMsgid();
        long inbox = store.appendToInboxes(List.of("bob"), post(7, "row"))[0];
        store.close();
        store = MysqlMessageStore.forReadFanout(SHARDS.get(), GroupCommitSettings.DEFAULTS);
        long after = store.timelines().post(post(7, "after")).timelineMsgid();
        assertTrue(after > Math.max(before, inbox), after + " after " + before + " and " + inbox);
        assertEquals(List.of(before, after), store.timelines().pageTimeline(7, 0, 10).stream().map(InboxRow::msgid).toList());
        assertNotEquals(0, store.timelines().groupOf(before).orElse(0), "an old row's group is found in MySQL");
    }
}

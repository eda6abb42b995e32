package dev.imbench.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MessageStore} must have. Extend it with a factory for each
 * implementation (in-memory here; MySQL later).
 */
public abstract class MessageStoreContract {

    protected MessageStore store;

    /** A fresh, empty store. */
    protected abstract MessageStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    protected static Envelope c2c(String from, String to, String text, long clientMsgId) {
        return new Envelope(from, to, 0, 203, 1, text, clientMsgId, 1_000);
    }

    @Test
    void shouldStoreC2cResendOnceAndReturnFirstReceipt() {
        C2cReceipt first = store.storeC2c(c2c("a", "b", "x", 5));
        C2cReceipt again = store.storeC2c(c2c("a", "b", "x", 5));
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.msgid(), again.msgid());
        assertEquals(first.sendTime(), again.sendTime());
        assertEquals(0, again.inboxMsgid(), "a duplicate writes no inbox row");
        List<InboxRow> inbox = store.page("b", 0, 10);
        assertEquals(1, inbox.size(), "one inbox row for the send and its resend");
        assertEquals(first.inboxMsgid(), inbox.get(0).msgid());
    }

    @Test
    void shouldStoreGroupSendResendOnce() {
        Envelope g = new Envelope("a", "7", 7, 303, 1, "x", 5, 1_000);
        SendReceipt first = store.recordSend(g);
        SendReceipt again = store.recordSend(g);
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.msgid(), again.msgid());
    }

    @Test
    void shouldKeepSameClientMsgIdOfDifferentSendersApart() {
        assertFalse(store.storeC2c(c2c("a", "c", "x", 5)).duplicate());
        assertFalse(store.storeC2c(c2c("b", "c", "x", 5)).duplicate());
        assertEquals(2, store.page("c", 0, 10).size());
    }

    @Test
    void shouldNotDeduplicateClientMsgIdZero() {
        C2cReceipt a = store.storeC2c(c2c("a", "b", "x", 0));
        C2cReceipt b = store.storeC2c(c2c("a", "b", "x", 0));
        assertTrue(a.msgid() != b.msgid());
        assertTrue(a.inboxMsgid() < b.inboxMsgid());
        assertEquals(2, store.page("b", 0, 10).size());
    }

    @Test
    void shouldPageInboxAfterCursorInAscendingOrder() {
        for (int i = 0; i < 5; i++) {
            store.appendToInboxes(List.of("b"), c2c("a", "b", "m" + i, i + 1));
        }
        List<InboxRow> first = store.page("b", 0, 3);
        assertEquals(List.of("m0", "m1", "m2"), first.stream().map(r -> r.envelope().content()).toList());
        List<InboxRow> rest = store.page("b", first.get(2).msgid(), 3);
        assertEquals(List.of("m3", "m4"), rest.stream().map(r -> r.envelope().content()).toList());
        assertTrue(store.page("b", rest.get(1).msgid(), 3).isEmpty());
        assertTrue(store.page("nobody", 0, 3).isEmpty());
    }

    @Test
    void shouldFindTheFirstRowNotDeliveredAtOrBelowALimit() {
        long[] ids = new long[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = store.appendToInboxes(List.of("b"), c2c("a", "b", "m" + i, i + 1))[0];
        }
        assertEquals(ids[0], store.firstUndelivered("b", ids[3]));
        store.ackUpTo("b", ids[0]);
        store.markDelivered("b", ids[2]);
        assertEquals(ids[1], store.firstUndelivered("b", ids[3]), "a row skipped by a later delivered one");
        assertEquals(0, store.firstUndelivered("b", ids[0]), "nothing undelivered up to there");
        store.markDelivered("b", ids[1]);
        assertEquals(ids[3], store.firstUndelivered("b", ids[3]));
        assertEquals(0, store.firstUndelivered("b", ids[2]));
        assertEquals(0, store.firstUndelivered("nobody", Long.MAX_VALUE));
    }

    @Test
    void shouldGiveEachRecipientItsOwnRow() {
        long[] ids = store.appendToInboxes(List.of("b", "c", "d"), c2c("a", "g", "hi", 1));
        assertEquals(3, ids.length);
        assertEquals(ids[1], store.page("c", 0, 10).get(0).msgid());
        assertEquals(1, store.page("d", 0, 10).size());
    }

    @Test
    void shouldMarkDeliveredOnceAndAckEverythingUpToCursor() {
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = store.appendToInboxes(List.of("b"), c2c("a", "b", "m" + i, i + 1))[0];
        }
        assertFalse(store.isDelivered("b", ids[0]));
        assertTrue(store.markDelivered("b", ids[2]));
        assertFalse(store.markDelivered("b", ids[2]), "second mark changes nothing");
        assertTrue(store.isDelivered("b", ids[2]));
        store.ackUpTo("b", ids[1]);
        assertTrue(store.isDelivered("b", ids[0]));
        assertTrue(store.isDelivered("b", ids[1]));
        assertFalse(store.isDelivered("b", ids[2] + 1000));
    }

    @Test
    void shouldNeverShowARowBelowOneAlreadySeenWhileWritersRace() throws Exception {
        int writers = 4;
        int perWriter = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perWriter; i++) {
                    store.appendToInboxes(List.of("b"), c2c("w" + id, "b", "x", i + 1));
                }
            }));
        }
        ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
        go.countDown();
        long cursor = 0;
        boolean writing = true;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (writing || seen.size() < writers * perWriter) {
            writing = threads.stream().anyMatch(Thread::isAlive);
            assertTrue(writing || System.nanoTime() < deadline, "the cursor skipped a row: saw " + seen.size() + " of "
                    + writers * perWriter + " rows, cursor at " + cursor + " after the writers ended");
            for (InboxRow r : store.page("b", cursor, 50)) {
                assertTrue(r.msgid() > cursor);
                cursor = r.msgid();
                seen.add(r.msgid());
            }
        }
        assertEquals(writers * perWriter, seen.size(), "the cursor skipped no row");
        long[] sorted = seen.stream().mapToLong(Long::longValue).toArray();
        long[] copy = sorted.clone();
        java.util.Arrays.sort(copy);
        assertArrayEquals(copy, sorted);
    }
}

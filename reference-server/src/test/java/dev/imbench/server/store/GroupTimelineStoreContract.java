package dev.imbench.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link GroupTimelineStore} must have; {@link #newStores()} returns a message
 * store and the timeline store sharing its sequence.
 */
public abstract class GroupTimelineStoreContract {

    protected MessageStore messages;
    protected GroupTimelineStore timelines;

    /** A fresh message store and the timeline store on its sequence. */
    protected abstract Pair newStores();

    /** The two stores under test. */
    public record Pair(MessageStore messages, GroupTimelineStore timelines) {
    }

    @BeforeEach
    void setUp() {
        Pair p = newStores();
        messages = p.messages();
        timelines = p.timelines();
    }

    private static Envelope g(long group, String text) {
        return new Envelope("alice", Long.toString(group), group, 303, 1, text, 0, 1);
    }

    private long append(long group, String text) {
        TimelineReceipt r = timelines.post(g(group, text));
        assertFalse(r.duplicate());
        return r.timelineMsgid();
    }

    @Test
    void shouldPostAResendOnceAndAnswerItWithTheFirstReceipt() {
        Envelope e = new Envelope("alice", "7", 7, 303, 1, "once", 42, 1_000);
        TimelineReceipt first = timelines.post(e);
        TimelineReceipt again = timelines.post(e);
        assertFalse(first.duplicate());
        assertTrue(again.duplicate());
        assertEquals(first.msgid(), again.msgid());
        assertEquals(0, again.timelineMsgid());
        assertEquals(List.of("once"), timelines.pageTimeline(7, 0, 10).stream().map(r -> r.envelope().content()).toList());
        assertEquals(first.timelineMsgid(), timelines.pageTimeline(7, 0, 10).get(0).msgid());
    }

    @Test
    void shouldPageTimelineAndKnowEachRowsGroup() {
        long a = append(7, "one");
        long b = append(7, "two");
        append(8, "other");
        assertEquals(List.of(a, b), timelines.pageTimeline(7, 0, 10).stream().map(InboxRow::msgid).toList());
        assertEquals(List.of(b), timelines.pageTimeline(7, a, 10).stream().map(InboxRow::msgid).toList());
        assertEquals(7, timelines.groupOf(b).orElseThrow());
        assertTrue(timelines.groupOf(b + 1000).isEmpty());
    }

    @Test
    void shouldShareOneIncreasingSequenceWithInboxes() {
        long t = append(7, "t");
        long i = messages.appendToInboxes(List.of("bob"), g(0, "i"))[0];
        long t2 = append(7, "t2");
        assertTrue(t < i && i < t2);
    }

    @Test
    void shouldStartMemberAtJoinAndOnlyRaiseItsCursor() {
        long before = append(7, "before");
        timelines.join("bob", 7);
        assertTrue(timelines.joinedAfter("bob", 7) >= before);
        long after = append(7, "after");
        timelines.advanceCursor("bob", 7, after);
        timelines.advanceCursor("bob", 7, before);
        assertEquals(after, timelines.cursor("bob", 7));
        assertEquals(0, timelines.cursor("carol", 7));
    }
}

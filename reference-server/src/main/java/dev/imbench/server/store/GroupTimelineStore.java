package dev.imbench.server.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * Read diffusion: one timeline per group, read by each member through a per-member cursor, instead of
 * one inbox row per member.
 *
 * <p>A pull merges the member's inbox with the timelines of its groups under one cursor, so the
 * timeline's msgids must come from the <em>same</em> sequence as the inboxes of the
 * {@link MessageStore} it is used with, with the same visibility-order guarantee.
 */
public interface GroupTimelineStore {

    /**
     * Stores a group message ({@code envelope.group()}) by read diffusion: its send row and one row in the group's
     * timeline, both or neither. A resend (same from + clientMsgId ≠ 0) writes nothing and gets the first msgid with
     * {@code duplicate = true}. Durable when it returns.
     */
    TimelineReceipt post(Envelope envelope);

    /** Up to {@code limit} rows of the group's timeline with msgid {@code > afterMsgid}, ascending. */
    List<InboxRow> pageTimeline(long group, long afterMsgid, int limit);

    /** Records that {@code uid} joined the group now: it sees only rows appended from now on. */
    void join(String uid, long group);

    /** The msgid after which {@code uid} sees the group's rows (0 if it never joined through {@link #join}). */
    long joinedAfter(String uid, long group);

    /** Raises {@code uid}'s read cursor in the group to at least {@code msgid}. */
    void advanceCursor(String uid, long group, long msgid);

    /** {@code uid}'s read cursor in the group (0 if none): rows ≤ it count as delivered. */
    long cursor(String uid, long group);

    /** The group a timeline row belongs to, if it is one. */
    OptionalLong groupOf(long msgid);

    /** Whether these timelines number their rows on {@code messages}'s msgid sequence (read diffusion needs it). */
    default boolean sharesSequenceWith(MessageStore messages) {
        return this == messages;
    }
}

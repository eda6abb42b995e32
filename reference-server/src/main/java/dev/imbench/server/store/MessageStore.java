package dev.imbench.server.store;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where messages live: the send log ({@code im_message_send}) and every user's inbox
 * ({@code im_message_recieve}). A c2c message is one call ({@link #storeC2c}); a group message is its send row
 * ({@link #recordSend}) and then its members' inbox rows ({@link #appendToInboxes}) or, by read diffusion, one
 * timeline row ({@link GroupTimelineStore}).
 *
 * <p><b>Ordering guarantee</b> every implementation must give: within one inbox, msgids increase in
 * the order rows become visible to {@link #page}. A reader that has seen msgid {@code m} will never
 * later see a new row with an id below {@code m}, so the pull cursor never skips a message.
 *
 * <p><b>De-duplication</b>: a send with the same (from, clientMsgId), clientMsgId ≠ 0, is stored once;
 * later attempts get the first receipt with {@code duplicate = true}.
 */
public interface MessageStore {

    /**
     * Stores a c2c message: its send row and the recipient's ({@code envelope.to()}) inbox row, both or neither.
     * A resend (same from + clientMsgId ≠ 0) writes nothing and gets the first msgid with {@code duplicate = true}.
     * Must be durable when it returns.
     */
    C2cReceipt storeC2c(Envelope envelope);

    /** Records a send row (a group send), or returns the existing one for a resend. Must be durable when it returns. */
    SendReceipt recordSend(Envelope envelope);

    /**
     * Appends one inbox row per recipient (in the given order) and returns their msgids, index for
     * index. Must be durable when it returns.
     */
    long[] appendToInboxes(List<String> recipients, Envelope envelope);

    /** Up to {@code limit} rows of {@code uid}'s inbox with msgid {@code > afterMsgid}, ascending. */
    List<InboxRow> page(String uid, long afterMsgid, int limit);

    /** Marks every row of {@code uid} with msgid ≤ {@code cursor} delivered (the pull ack); returns how many changed. */
    int ackUpTo(String uid, long cursor);

    /** Marks one row delivered; returns true if it was stored and not yet delivered. */
    boolean markDelivered(String uid, long msgid);

    /** Whether the row was acknowledged by its recipient (false for an unknown row). */
    boolean isDelivered(String uid, long msgid);

    /**
     * The smallest msgid ≤ {@code upTo} of {@code uid}'s inbox not marked delivered, or 0 when every row up
     * to there is. The pull uses it to re-send a row whose push never arrived although a later one did.
     * This default pages from the start of the inbox (right for stores that drop acknowledged rows).
     */
    default long firstUndelivered(String uid, long upTo) {
        long after = 0;
        while (true) {
            List<InboxRow> rows = page(uid, after, 256);
            for (InboxRow r : rows) {
                if (r.msgid() > upTo) {
                    return 0;
                }
                if (!r.delivered()) {
                    return r.msgid();
                }
            }
            if (rows.isEmpty()) {
                return 0;
            }
            after = rows.get(rows.size() - 1).msgid();
        }
    }

    /** Gauges this store adds to the server's {@code /admin/metrics} (e.g. group-commit batching); none by default. */
    default Map<String, Supplier<Number>> gauges() {
        return Map.of();
    }
}

package dev.imbench.server.logic;

import dev.imbench.server.FanoutMode;
import dev.imbench.server.store.InboxRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a pull reads and acknowledges. Write diffusion: the user's inbox only (group rows are in it).
 * Read diffusion: the inbox merged with the timelines of the user's groups (rows after the user
 * joined, except its own messages), under the one cursor; the pull's offset also advances the user's read cursor in each group.
 */
final class GroupTimelines {

    private final LogicContext ctx;
    private final boolean read;

    GroupTimelines(LogicContext ctx) {
        this.ctx = ctx;
        this.read = ctx.config().fanoutMode() == FanoutMode.READ;
    }

    /** Acknowledges every row ≤ {@code offset} for {@code uid}. */
    void ackUpTo(String uid, long offset) {
        ctx.messages().ackUpTo(uid, offset);
        if (read && offset > 0) {
            for (long g : ctx.groups().groupsOf(uid)) {
                ctx.timelines().advanceCursor(uid, g, offset);
            }
        }
    }

    /** The next page of rows for {@code uid} after {@code offset}. */
    List<InboxRow> page(String uid, long offset, int limit) {
        List<InboxRow> inbox = ctx.messages().page(uid, offset, limit);
        if (!read) {
            return inbox;
        }
        List<InboxRow> merged = new ArrayList<>(inbox);
        for (long g : ctx.groups().groupsOf(uid)) {
            long after = Math.max(offset, ctx.timelines().joinedAfter(uid, g));
            merged.addAll(othersRows(uid, g, after, limit));
        }
        merged.sort(Comparator.comparingLong(InboxRow::msgid));
        return merged.size() <= limit ? merged : merged.subList(0, limit);
    }

    /** Up to {@code limit} timeline rows after {@code after} not sent by {@code uid} (a sender gets no copy). */
    private List<InboxRow> othersRows(String uid, long group, long after, int limit) {
        List<InboxRow> out = new ArrayList<>();
        long cursor = after;
        while (out.size() < limit) {
            List<InboxRow> page = ctx.timelines().pageTimeline(group, cursor, limit);
            for (InboxRow r : page) {
                if (!r.envelope().from().equals(uid) && out.size() < limit) {
                    out.add(r);
                }
            }
            if (page.size() < limit) {
                break;
            }
            cursor = page.get(page.size() - 1).msgid();
        }
        return out;
    }
}

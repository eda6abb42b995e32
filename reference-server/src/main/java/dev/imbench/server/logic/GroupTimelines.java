package dev.imbench.server.logic;

import dev.imbench.server.store.InboxRow;
import java.util.List;

/** What a pull reads: the user's inbox (write diffusion puts group rows there too). */
final class GroupTimelines {

    private final LogicContext ctx;

    GroupTimelines(LogicContext ctx) {
        this.ctx = ctx;
    }

    /** The next page of rows for {@code uid} after {@code offset}. */
    List<InboxRow> page(String uid, long offset, int limit) {
        return ctx.messages().page(uid, offset, limit);
    }
}

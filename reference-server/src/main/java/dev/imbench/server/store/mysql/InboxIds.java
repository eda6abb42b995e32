package dev.imbench.server.store.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How a shard writer numbers new inbox (and timeline) rows inside its open transaction. Either way a reader never
 * sees a smaller msgid become visible after a larger one in any stream it reads under one cursor.
 */
interface InboxIds {

    /** Ids for rows owned by {@code owners} (in order; an owner may repeat), index for index. */
    long[] allocate(Connection c, List<String> owners) throws SQLException;

    /** The transaction that used the ids of the last {@link #allocate} calls ended (committed or rolled back). */
    void settled();
}

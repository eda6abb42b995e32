package dev.imbench.server.store.mysql;

import dev.imbench.server.store.Envelope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes a batch's group timeline rows ({@code im_group_timeline}, read diffusion: one row per group message, not
 * one per member) in the open transaction, numbered from the {@link SharedMsgids} that also numbers inbox rows.
 */
final class TimelineRows {

    /** One row to write: {@code e} in {@code group}'s timeline. */
    record NewRow(long group, Envelope e) {
    }

    private record Row(long id, long group, Envelope e) {
    }

    private static final MultiRowStatement<Row> INSERT = new MultiRowStatement<>(
            "INSERT INTO im_group_timeline (msg_id, group_id, msg_from, cmd_id, msg_seq, msg_content, send_time, "
                    + "client_msg_id)", 8, "",
            (ps, p, r) -> {
                ps.setLong(p, r.id());
                ps.setLong(p + 1, r.group());
                ps.setString(p + 2, r.e().from());
                ps.setInt(p + 3, r.e().cmdId());
                ps.setInt(p + 4, r.e().seq());
                ps.setString(p + 5, r.e().content());
                ps.setString(p + 6, SqlTime.format(r.e().sendTime()));
                ps.setLong(p + 7, r.e().clientMsgId());
            });

    private final InboxIds ids;

    TimelineRows(InboxIds ids) {
        this.ids = ids;
    }

    /** Writes {@code rows} (batch order); returns their msgids, index for index. */
    long[] write(Connection c, List<NewRow> rows) throws SQLException {
        if (!(ids instanceof SharedMsgids)) {
            throw new IllegalStateException("group timeline rows need the shared msgid sequence (a store opened "
                    + "for read fan-out)");
        }
        long[] out = ids.allocate(c, Collections.nCopies(rows.size(), ""));
        List<Row> bound = new ArrayList<>(rows.size());
        for (int i = 0; i < out.length; i++) {
            bound.add(new Row(out[i], rows.get(i).group(), rows.get(i).e()));
        }
        INSERT.execute(c, bound, null, r -> r.e().content().length());
        return out;
    }
}

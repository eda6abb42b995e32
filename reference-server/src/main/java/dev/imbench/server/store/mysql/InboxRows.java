package dev.imbench.server.store.mysql;

import dev.imbench.server.store.Envelope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Writes a batch's inbox rows ({@code im_message_recieve}) in the open transaction: ids, then one multi-row insert. */
final class InboxRows {

    /** One row to write: {@code e} in {@code to}'s inbox. */
    record NewRow(String to, Envelope e) {
    }

    private static final MultiRowStatement<Row> INSERT = new MultiRowStatement<>(
            "INSERT INTO im_message_recieve (msg_id, msg_from, msg_to, group_id, cmd_id, msg_seq, msg_content, "
                    + "send_time, client_msg_id)", 9, "",
            (ps, p, r) -> {
                ps.setLong(p, r.id());
                MultiRowStatement.bindEnvelope(ps, p + 1, r.e(), r.to()); // msg_to is the inbox owner
            });

    private record Row(long id, String to, Envelope e) {
    }

    private final InboxIds ids;

    InboxRows(InboxIds ids) {
        this.ids = ids;
    }

    /** Writes {@code rows} (batch order); returns their msgids, index for index. */
    long[] write(Connection c, List<NewRow> rows) throws SQLException {
        List<String> owners = new ArrayList<>(rows.size());
        for (NewRow r : rows) {
            owners.add(r.to());
        }
        long[] out = ids.allocate(c, owners);
        List<Row> bound = new ArrayList<>(rows.size());
        for (int i = 0; i < out.length; i++) {
            bound.add(new Row(out[i], rows.get(i).to(), rows.get(i).e()));
        }
        INSERT.execute(c, bound, null, r -> r.e().content().length());
        return out;
    }
}

package dev.imbench.server.store.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Writes a batch's delivered marks in the open transaction (one batched UPDATE); tells which changed a row. */
final class DeliveredMarks {

    /** One mark: inbox row {@code msgid} of {@code uid}. */
    record Mark(String uid, long msgid) {
    }

    private DeliveredMarks() {
    }

    /** Marks every row; {@code true} where this mark changed the row (stored and not yet delivered). */
    static boolean[] write(Connection c, List<Mark> marks) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE im_message_recieve SET delivered = 1 WHERE msg_to = ? AND msg_id = ? AND delivered = 0")) {
            for (Mark m : marks) {
                ps.setString(1, m.uid());
                ps.setLong(2, m.msgid());
                ps.addBatch();
            }
            int[] changed = ps.executeBatch();
            boolean[] out = new boolean[marks.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = changed[k] == 1;
            }
            return out;
        }
    }
}

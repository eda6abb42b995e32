package dev.imbench.server.store.mysql;

import dev.imbench.server.store.Envelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * One multi-row {@code INSERT … VALUES (…), (…) [RETURNING …]}: the rows of a batch go in as few statements as
 * fit under {@link #MAX_STATEMENT_BYTES} (MariaDB refuses a packet over {@code max_allowed_packet}, 16 MiB by
 * default), each a prepared statement whose text depends only on its row count.
 *
 * @param <R> a row
 */
final class MultiRowStatement<R> {

    /** Binds one row's {@code columns} parameters starting at index {@code p}. */
    @FunctionalInterface
    interface Binder<R> {
        void bind(PreparedStatement ps, int p, R row) throws SQLException;
    }

    /** Reads one RETURNING row. */
    @FunctionalInterface
    interface Returned {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Statement size aimed at (a quarter of MariaDB's default packet limit). */
    static final int MAX_STATEMENT_BYTES = 4 << 20;
    /** Bytes counted per row besides its content (ids, names, quoting). */
    private static final int ROW_OVERHEAD_BYTES = 256;

    private final String head;
    private final String oneRow;
    private final String tail;
    private final int columns;
    private final Binder<R> binder;

    /**
     * @param head    {@code INSERT INTO t (a, b)} (without VALUES)
     * @param columns parameters per row
     * @param tail    what follows the rows (e.g. {@code RETURNING id} or {@code ON DUPLICATE KEY UPDATE …}), or ""
     */
    MultiRowStatement(String head, int columns, String tail, Binder<R> binder) {
        this.head = head + " VALUES ";
        this.oneRow = "(" + "?,".repeat(columns - 1) + "?)";
        this.tail = tail.isEmpty() ? "" : " " + tail;
        this.columns = columns;
        this.binder = binder;
    }

    /** Inserts every row; with a RETURNING tail, {@code returned} gets the returned rows in insertion order. */
    void execute(Connection c, List<R> rows, Returned returned, java.util.function.ToIntFunction<R> contentChars)
            throws SQLException {
        int from = 0;
        while (from < rows.size()) {
            int to = from;
            long bytes = 0;
            do {
                bytes += ROW_OVERHEAD_BYTES + 3L * contentChars.applyAsInt(rows.get(to));
                to++;
            } while (to < rows.size() && bytes + ROW_OVERHEAD_BYTES + 3L * contentChars.applyAsInt(rows.get(to))
                    <= MAX_STATEMENT_BYTES);
            executeChunk(c, rows.subList(from, to), returned);
            from = to;
        }
    }

    private void executeChunk(Connection c, List<R> rows, Returned returned) throws SQLException {
        StringBuilder sql = new StringBuilder(head.length() + rows.size() * (oneRow.length() + 1) + tail.length());
        sql.append(head);
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                sql.append(',');
            }
            sql.append(oneRow);
        }
        sql.append(tail);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (R row : rows) {
                binder.bind(ps, p, row);
                p += columns;
            }
            if (returned == null) {
                ps.executeUpdate();
                return;
            }
            ps.execute();
            try (ResultSet rs = ps.getResultSet()) {
                if (rs == null) {
                    throw new SQLException("the server returned no rows for " + head + "… RETURNING");
                }
                while (rs.next()) {
                    returned.accept(rs);
                }
            }
        }
    }

    /** Binds from, to, group, cmd, seq, content, send time, client_msg_id (8 parameters) starting at {@code p}. */
    static void bindEnvelope(PreparedStatement ps, int p, Envelope e, String to) throws SQLException {
        ps.setString(p, e.from());
        ps.setString(p + 1, to);
        ps.setLong(p + 2, e.group());
        ps.setInt(p + 3, e.cmdId());
        ps.setInt(p + 4, e.seq());
        ps.setString(p + 5, e.content());
        ps.setString(p + 6, SqlTime.format(e.sendTime()));
        if (e.clientMsgId() == 0) {
            ps.setNull(p + 7, Types.BIGINT);
        } else {
            ps.setLong(p + 7, e.clientMsgId());
        }
    }

    /** {@code n} copies of {@code one} joined by {@code sep}. */
    static String repeat(int n, String one, String sep) {
        return String.join(sep, java.util.Collections.nCopies(n, one));
    }
}

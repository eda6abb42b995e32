package dev.imbench.server.store.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Read diffusion's msgid sequence: one increasing sequence in this process for every inbox and timeline row of
 * every shard, so a pull can merge a user's inbox with its groups' timelines under one cursor.
 *
 * <p>Rows of different shards commit in any order, so ids are handed out in ranges that stay <em>in flight</em>
 * until their transaction ended, and readers see only rows below {@link #visibleBelow()}, the first id still in
 * flight: a reader that saw msgid {@code m} never later sees a new row below {@code m}.
 *
 * <p>Ids are reserved in MySQL ({@code im_msgid_block} on the first shard) a block at a time before they are used,
 * so a restarted process continues above every id it gave. The sequence is this process's: a second process
 * writing the same shards with its own sequencer would interleave ids the watermark does not cover.
 */
final class MsgidSequencer {

    /** Ids reserved in MySQL per round trip. */
    static final long BLOCK = 100_000;

    private final DataSource home;
    private final TreeSet<Long> inFlight = new TreeSet<>();
    private long next;
    private long reservedTo;

    /**
     * @param home  the shard holding {@code im_msgid_block}
     * @param floor every id already stored anywhere is ≤ this; the sequence continues above it
     */
    MsgidSequencer(DataSource home, long floor) throws SQLException {
        this.home = home;
        try (Connection c = home.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO im_msgid_block (name, reserved_to) "
                    + "VALUES ('msgid', ?) ON DUPLICATE KEY UPDATE reserved_to = GREATEST(reserved_to, VALUES(reserved_to))")) {
                ps.setLong(1, floor);
                ps.executeUpdate();
            }
            reservedTo = readReserved(c);
        }
        next = reservedTo + 1;
    }

    /** {@code n} consecutive ids; the first is returned and stays in flight until {@link #release}. */
    synchronized long allocate(int n) throws SQLException {
        if (next + n - 1 > reservedTo) {
            reserve(Math.max(BLOCK, n));
        }
        long start = next;
        next += n;
        inFlight.add(start);
        return start;
    }

    /** The range starting at {@code start} is settled (committed or rolled back). */
    synchronized void release(long start) {
        inFlight.remove(start);
    }

    /** Rows with msgid below this are settled; readers must not show rows at or above it. */
    synchronized long visibleBelow() {
        return inFlight.isEmpty() ? next : inFlight.first();
    }

    /** The last id handed out (0 before the first). */
    synchronized long lastAllocated() {
        return next - 1;
    }

    private void reserve(long n) throws SQLException {
        try (Connection c = home.getConnection()) {
            c.setAutoCommit(true);
            // an upsert: the row comes back if the table was emptied under a running store (tests truncate)
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO im_msgid_block (name, reserved_to) VALUES "
                    + "('msgid', ?) ON DUPLICATE KEY UPDATE reserved_to = GREATEST(reserved_to, ?) + ?")) {
                ps.setLong(1, next - 1 + n);
                ps.setLong(2, next - 1);
                ps.setLong(3, n);
                ps.executeUpdate();
            }
            long r = readReserved(c);
            if (r < next - 1 + n) {
                throw new SQLException("msgid block reservation did not grow (reserved_to " + r + ")");
            }
            // another process reserved in between: skip to above everything reserved so far
            next = Math.max(next, r - n + 1);
            reservedTo = r;
        }
    }

    private static long readReserved(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reserved_to FROM im_msgid_block WHERE name = 'msgid'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("im_msgid_block has no msgid row");
            }
            return rs.getLong(1);
        }
    }
}

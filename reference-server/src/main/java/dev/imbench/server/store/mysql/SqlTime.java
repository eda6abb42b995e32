package dev.imbench.server.store.mysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@code DATETIME(3)} columns hold UTC with milliseconds, written as text ({@code yyyy-MM-dd HH:mm:ss.SSS}: the
 * driver would drop the milliseconds of a {@code LocalDateTime}) and read back as epoch ms.
 */
final class SqlTime {

    private SqlTime() {
    }

    /** Epoch ms as {@code yyyy-MM-dd HH:mm:ss.SSS} UTC (no formatter: this runs once per stored row). */
    static String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        int ms = Math.floorMod(epochMillis, 1000);
        char[] c = new char[23];
        int y = t.getYear();
        if (y < 0 || y > 9999) {
            throw new IllegalArgumentException("send time out of DATETIME range: " + epochMillis);
        }
        put(c, 0, y, 4);
        c[4] = '-';
        put(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, t.getDayOfMonth(), 2);
        c[10] = ' ';
        put(c, 11, t.getHour(), 2);
        c[13] = ':';
        put(c, 14, t.getMinute(), 2);
        c[16] = ':';
        put(c, 17, t.getSecond(), 2);
        c[19] = '.';
        put(c, 20, ms, 3);
        return new String(c);
    }

    /** Column {@code col} as epoch ms. */
    static long millis(ResultSet rs, int col) throws SQLException {
        return rs.getObject(col, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static void put(char[] c, int at, int v, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }
}

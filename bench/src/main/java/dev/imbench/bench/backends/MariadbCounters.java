package dev.imbench.bench.backends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * MariaDB's side of a store benchmark iteration: the server's CPU time (from {@code /proc/<pid>/stat} of the local
 * {@code mariadbd}/{@code mysqld}, when it runs on this machine) and its global status counters (statements,
 * commits, redo fsyncs and bytes, rows inserted and updated). Counters are server-wide: other clients' work in the
 * same seconds counts too.
 */
final class MariadbCounters {

    /** Status variables read at each snapshot. */
    private static final List<String> STATUS = List.of("Questions", "Com_commit", "Innodb_data_fsyncs",
            "Innodb_os_log_written", "Handler_write", "Handler_update", "Innodb_row_lock_time");
    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ; 100 on Linux x86-64). */
    private static final double TICKS_PER_SECOND = 100;

    /** One reading: the server's CPU seconds (NaN when not found) and its status counters. */
    record Snapshot(double cpuSeconds, Map<String, Long> status) {
    }

    private final DataSource ds;
    private final Path stat;

    MariadbCounters(DataSource ds) {
        this.ds = ds;
        this.stat = serverStat();
    }

    /** Reads the server's CPU time and counters now. */
    Snapshot snapshot() {
        Map<String, Long> status = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('"
                     + String.join("','", STATUS) + "')")) {
            while (rs.next()) {
                status.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read MariaDB status: " + e.getMessage(), e);
        }
        return new Snapshot(cpuSeconds(), status);
    }

    /**
     * One line: MariaDB's CPU per c2c and the counters' growth per c2c and per batch, from {@code before} to now.
     *
     * @param c2c     messages stored in between
     * @param batches group-commit batches in between
     */
    String since(Snapshot before, long c2c, long batches) {
        Snapshot now = snapshot();
        StringBuilder out = new StringBuilder();
        double cpu = now.cpuSeconds() - before.cpuSeconds();
        out.append(Double.isNaN(cpu) ? "mariadbd CPU n/a" : String.format(Locale.ROOT, "%.1f us of mariadbd CPU per c2c",
                cpu * 1e6 / Math.max(1, c2c)));
        for (String k : STATUS) {
            long d = now.status().getOrDefault(k, 0L) - before.status().getOrDefault(k, 0L);
            out.append(String.format(Locale.ROOT, ", %s %.2f/c2c %.1f/batch", k, (double) d / Math.max(1, c2c),
                    (double) d / Math.max(1, batches)));
        }
        return out.toString();
    }

    private double cpuSeconds() {
        if (stat == null) {
            return Double.NaN;
        }
        try {
            String s = Files.readString(stat);
            // fields after the ")" closing the command name: state is field 3, utime 14, stime 15
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The {@code stat} file of the local MariaDB server process, or null. */
    private static Path serverStat() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> {
                        try {
                            String comm = Files.readString(p.resolve("comm")).strip();
                            return comm.equals("mariadbd") || comm.equals("mysqld");
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> p.resolve("stat")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}

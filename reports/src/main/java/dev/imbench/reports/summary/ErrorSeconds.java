package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code errors.csv}: the error answers of each second by code (an older run has none: no rows). */
final class ErrorSeconds {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most rows read (a second and a code each); more are ignored. */
    static final int MAX_ROWS = 1_000_000;

    /**
     * One row.
     *
     * @param second the second since the run start (0 = the first)
     * @param code   the error code's name
     * @param count  how many answers carried it in that second
     */
    record Row(long second, String code, long count) {
    }

    private ErrorSeconds() {
    }

    /** The rows of {@code dir/errors.csv}; malformed lines are skipped. */
    static List<Row> read(Path dir) {
        Path file = dir.resolve("errors.csv");
        List<Row> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.skip(1).limit(MAX_ROWS).forEach(line -> {
                String[] p = line.split(",");
                if (p.length == 3) {
                    try {
                        out.add(new Row(Long.parseLong(p[0].trim()), p[1].trim(), Long.parseLong(p[2].trim())));
                    } catch (NumberFormatException e) {
                        // not a row
                    }
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return out;
        }
        return out;
    }

    /**
     * The counts by code of the seconds that end in ({@code fromMs}, {@code toMs}], codes sorted (as
     * {@link RunFiles#seriesIn}: the second that holds a fault's start counts during it).
     */
    static ObjectNode byCode(List<Row> rows, long fromMs, long toMs) {
        Map<String, Long> m = new TreeMap<>();
        for (Row r : rows) {
            long end = (r.second() + 1) * 1000;
            if (end > fromMs && end <= toMs) {
                m.merge(r.code(), r.count(), Long::sum);
            }
        }
        ObjectNode n = JSON.createObjectNode();
        m.forEach(n::put);
        return n;
    }
}

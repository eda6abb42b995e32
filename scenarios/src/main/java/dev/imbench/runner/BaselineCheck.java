package dev.imbench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run against a stored baseline: a latency percentile (p50, p99, p99.9) that
 * grew, or a throughput that fell, by more than the tolerance is a regression;
 * so is any lost or unexpected message the baseline did not have.
 * Latency changes under 1 ms are noise and never count.
 *
 * @param rows      one row per compared value
 * @param tolerance the allowed relative change
 */
public record BaselineCheck(List<Row> rows, double tolerance) {

    private static final double LATENCY_FLOOR_MS = 1.0;

    /**
     * One compared value.
     *
     * @param metric    dotted path in summary.json
     * @param baseline  the baseline's value
     * @param current   this run's value
     * @param regressed whether it regressed beyond the tolerance
     */
    public record Row(String metric, double baseline, double current, boolean regressed) {
    }

    /** Whether nothing regressed. */
    public boolean passed() {
        return rows.stream().noneMatch(Row::regressed);
    }

    /**
     * Compares a summary with a baseline run directory or summary.json file.
     *
     * @throws IllegalArgumentException when the baseline cannot be read
     */
    public static BaselineCheck compare(JsonNode current, Path baseline, double tolerance) {
        Path file = Files.isDirectory(baseline) ? baseline.resolve("summary.json") : baseline;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        JsonNode base = SummaryBuilder.readJson(file);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : base.path("latency").properties()) {
            JsonNode now = current.path("latency").path(e.getKey());
            if (now.isMissingNode()) {
                continue;
            }
            for (String p : List.of("p50", "p99", "p999")) {
                double b = e.getValue().path(p).asDouble();
                double c = now.path(p).asDouble();
                rows.add(new Row("latency." + e.getKey() + "." + p, b, c,
                        c - b > LATENCY_FLOOR_MS && c > b * (1 + tolerance)));
            }
        }
        for (String t : List.of("c2cPerSec", "deliveriesPerSec")) {
            double b = base.path("throughput").path(t).asDouble();
            double c = current.path("throughput").path(t).asDouble();
            rows.add(new Row("throughput." + t, b, c, c < b * (1 - tolerance)));
        }
        for (String d : List.of("lost", "unexpected")) {
            double b = base.path("delivery").path(d).asDouble();
            double c = current.path("delivery").path(d).asDouble();
            rows.add(new Row("delivery." + d, b, c, c > b));
        }
        return new BaselineCheck(List.copyOf(rows), tolerance);
    }

    /** Lines for the terminal. */
    public String render() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "baseline (tolerance %.0f%%): %s%n",
                tolerance * 100, passed() ? "no regression" : "REGRESSED"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "  %-30s %12.2f -> %12.2f%s%n", r.metric(), r.baseline(), r.current(),
                    r.regressed() ? "  REGRESSED" : ""));
        }
        return b.toString().stripTrailing();
    }
}

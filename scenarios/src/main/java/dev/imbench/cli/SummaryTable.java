package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.reports.summary.BaselineCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One screen for the terminal from a summary.json, in the manner of Gatling's
 * "Statistics" table: one row per latency metric with count, p50, p75, p95,
 * p99, p99.9, max and errors; then throughput, delivery, the generator's
 * health, the SLOs with their measured values and units, and the baseline.
 */
final class SummaryTable {

    private static final String ROW = "%-14s %9s %9s %9s %9s %9s %9s %9s %8s%n";

    private SummaryTable() {
    }

    static String render(JsonNode s) {
        StringBuilder b = new StringBuilder();
        JsonNode d = s.path("delivery");
        b.append(String.format(Locale.ROOT, ROW, "latency (ms)", "count", "p50", "p75", "p95", "p99", "p99.9", "max", "errors"));
        for (Map.Entry<String, JsonNode> e : s.path("latency").properties()) {
            row(b, e.getKey(), e.getValue(), errors(e.getKey(), s));
            for (String way : List.of("online", "offline")) {
                if (e.getValue().has(way)) {
                    row(b, "  " + way, e.getValue().get(way), "-");
                }
            }
        }
        b.append("(from the intended start of each action, warm-up excluded; errors: ack = sends never acked,"
                + " e2e = messages lost)\n");
        JsonNode t = s.path("throughput");
        b.append(String.format(Locale.ROOT, "throughput: %.1f sends acked/s%s%s, %.1f deliveries/s%s; clients: %d target, %d peak online%n",
                t.path("sendsPerSec").asDouble(), rate(t, "c2cPerSec", "c2c"), rate(t, "c2gPerSec", "c2g"),
                t.path("deliveriesPerSec").asDouble(), rate(t, "offeredPerSec", "offered"),
                s.path("clients").path("target").asLong(), s.path("clients").path("peakOnline").asLong()));
        b.append(String.format(Locale.ROOT,
                "delivery: %s  attempted %d, acked %d, expected %d, delivered %d (%d by pull), lost %d, "
                        + "duplicated %d, reordered %d, unexpected %d, recovered %d%n",
                d.path("verdict").asText(), d.path("attempted").asLong(), d.path("acked").asLong(),
                d.path("expected").asLong(), d.path("delivered").asLong(), d.path("deliveredByPull").asLong(),
                d.path("lost").asLong(), d.path("duplicated").asLong(), d.path("reordered").asLong(),
                d.path("unexpected").asLong(), d.path("recovered").asLong()));
        String problems = problems(s);
        if (!problems.isEmpty()) {
            b.append("errors: ").append(problems).append('\n');
        }
        JsonNode g = s.path("generator");
        if (g.isObject()) {
            b.append("generator: ").append(g.path("bound").asBoolean() ? "BOUND, " : "").append(g.path("why").asText()).append('\n');
        }
        if (s.path("interrupted").asBoolean()) {
            b.append(String.format(Locale.ROOT, "interrupted at t = %.1f s%n", s.path("interruptedAt").asLong() / 1000.0));
        }
        for (JsonNode row : s.path("slo")) {
            String status = row.path("status").asText(row.path("passed").asBoolean() ? "passed" : "failed");
            b.append(String.format(Locale.ROOT, "SLO %-4s %s (actual %s)%s%n", switch (status) {
                case "passed" -> "ok";
                case "failed" -> "FAIL";
                default -> status.toUpperCase(Locale.ROOT);
            }, row.path("check").asText(), row.path("actualText").asText(row.path("actual").asText("n/a")),
                    row.has("note") && !status.equals("inconclusive") ? " " + row.path("note").asText() : ""));
        }
        if (s.path("baseline").isObject()) {
            b.append(BaselineCheck.render(s.path("baseline"))).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private static void row(StringBuilder b, String name, JsonNode l, String errors) {
        b.append(String.format(Locale.ROOT, ROW, name, l.path("count").asLong(), ms(l, "p50"), ms(l, "p75"), ms(l, "p95"),
                ms(l, "p99"), ms(l, "p999"), ms(l, "max"), errors));
    }

    private static String ms(JsonNode l, String p) {
        return l.has(p) ? String.format(Locale.ROOT, "%.2f", l.path(p).asDouble()) : "-";
    }

    private static String errors(String metric, JsonNode s) {
        JsonNode d = s.path("delivery");
        return switch (metric) {
            case "ack" -> String.valueOf(Math.max(0, d.path("attempted").asLong() - d.path("acked").asLong()));
            case "e2e" -> String.valueOf(d.path("lost").asLong());
            default -> "-";
        };
    }

    private static String rate(JsonNode t, String field, String label) {
        return t.path(field).asDouble() > 0 ? String.format(Locale.ROOT, " (%s %.1f/s)", label, t.path(field).asDouble()) : "";
    }

    /** Server error answers and unplanned disconnects from counters, when the summary carries them. */
    private static String problems(JsonNode s) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : s.path("errors").properties()) {
            out.add(e.getKey() + " " + e.getValue().asLong());
        }
        return String.join(", ", out);
    }
}

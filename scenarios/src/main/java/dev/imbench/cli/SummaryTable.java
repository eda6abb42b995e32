package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/** A few lines of a summary.json for the terminal: delivery, latency percentiles, SLOs. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String render(JsonNode s) {
        StringBuilder b = new StringBuilder();
        JsonNode d = s.path("delivery");
        b.append(String.format(Locale.ROOT,
                "delivery: %s  attempted %d, acked %d, expected %d, delivered %d (%d by pull), lost %d, "
                        + "duplicated %d, reordered %d, unexpected %d, recovered %d%n",
                d.path("verdict").asText(), d.path("attempted").asLong(), d.path("acked").asLong(),
                d.path("expected").asLong(), d.path("delivered").asLong(), d.path("deliveredByPull").asLong(),
                d.path("lost").asLong(), d.path("duplicated").asLong(), d.path("reordered").asLong(),
                d.path("unexpected").asLong(), d.path("recovered").asLong()));
        JsonNode t = s.path("throughput");
        b.append(String.format(Locale.ROOT, "clients: %d target, %d peak online; throughput: %.1f sends acked/s%s, %.1f deliveries/s%n",
                s.path("clients").path("target").asLong(), s.path("clients").path("peakOnline").asLong(),
                t.path("sendsPerSec").asDouble(),
                t.has("c2cPerSec") ? String.format(Locale.ROOT, " (%.1f c2c/s)", t.path("c2cPerSec").asDouble()) : "",
                t.path("deliveriesPerSec").asDouble()));
        b.append(String.format(Locale.ROOT, "%-10s %9s %9s %9s %9s %9s %9s   (ms, from intended start; raw p99)%n",
                "latency", "count", "p50", "p90", "p99", "p99.9", "max"));
        for (Map.Entry<String, JsonNode> e : s.path("latency").properties()) {
            JsonNode l = e.getValue();
            b.append(String.format(Locale.ROOT, "%-10s %9d %9.2f %9.2f %9.2f %9.2f %9.2f   (%.2f)%n", e.getKey(),
                    l.path("count").asLong(), l.path("p50").asDouble(), l.path("p90").asDouble(), l.path("p99").asDouble(),
                    l.path("p999").asDouble(), l.path("max").asDouble(), l.path("raw").path("p99").asDouble()));
        }
        for (JsonNode row : s.path("slo")) {
            b.append(String.format(Locale.ROOT, "SLO %-4s %s (actual %s)%s%n", row.path("passed").asBoolean() ? "ok" : "FAIL",
                    row.path("check").asText(), row.path("actual").isNull() ? "n/a" : row.path("actual").asText(),
                    row.has("note") ? " " + row.path("note").asText() : ""));
        }
        return b.toString().stripTrailing();
    }
}

package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A sweep as terminal tables (its runs, its combinations' medians, its capacity probes) and its runs as CSV. */
final class SweepTable {

    private static final String NA = "n/a";

    private SweepTable() {
    }

    private static String settings(JsonNode row) {
        List<String> parts = new ArrayList<>();
        row.path("settings").properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return parts.isEmpty() ? "(scenario as is)" : String.join(" ", parts);
    }

    /** A number of a row, "n/a" when the run's summary does not have it. */
    static String number(JsonNode n, String format) {
        return n.isNumber() ? String.format(Locale.ROOT, format, n.asDouble()) : NA;
    }

    static String render(JsonNode sweep) {
        StringBuilder b = new StringBuilder();
        runs(b, sweep);
        if (sweep.path("combinations").size() > 0) {
            combinations(b, sweep);
        }
        if (sweep.has("capacity")) {
            capacity(b, sweep.get("capacity"));
        }
        return b.toString().stripTrailing();
    }

    private static void runs(StringBuilder b, JsonNode sweep) {
        int repeat = sweep.path("repeat").asInt(1);
        b.append(String.format(Locale.ROOT, "%3s %-40s %5s %4s %-12s %10s %10s %10s %10s%n", "#", "settings", "run", "exit",
                "verdict", "c2c/s", "c2g/s", "deliv/s", "e2e p99 ms"));
        for (JsonNode r : sweep.path("runs")) {
            JsonNode t = r.path("throughput");
            b.append(String.format(Locale.ROOT, "%3d %-40s %5s %4d %-12s %10s %10s %10s %10s%n",
                    r.path("combination").asInt() + 1, settings(r),
                    (r.path("repeat").asInt() + 1) + "/" + repeat, r.path("exitCode").asInt(),
                    r.has("capacitySlo") ? r.path("capacitySlo").asText() : r.path("verdict").asText(),
                    number(t.path("c2cPerSec"), "%.1f"), number(t.path("c2gPerSec"), "%.1f"),
                    number(t.path("deliveriesPerSec"), "%.1f"), number(r.path("e2e").path("p99"), "%.2f")));
        }
    }

    private static String spread(JsonNode m) {
        if (!m.isObject()) {
            return NA;
        }
        if (m.path("n").asInt() < 2) {
            return String.format(Locale.ROOT, "%.1f", m.path("median").asDouble());
        }
        return String.format(Locale.ROOT, "%.1f [%.1f-%.1f]", m.path("median").asDouble(), m.path("min").asDouble(),
                m.path("max").asDouble());
    }

    private static void combinations(StringBuilder b, JsonNode sweep) {
        int repeat = sweep.path("repeat").asInt(1);
        b.append(String.format(Locale.ROOT, "%nmedian [min-max] of %d run%s per combination%n", repeat, repeat == 1 ? "" : "s"));
        b.append(String.format(Locale.ROOT, "%3s %-40s %4s %20s %20s %22s  %s%n", "#", "settings", "exit", "sends/s",
                "deliv/s", "e2e p99 ms", "against #1"));
        int i = 0;
        for (JsonNode c : sweep.path("combinations")) {
            JsonNode m = c.path("metrics");
            b.append(String.format(Locale.ROOT, "%3d %-40s %4d %20s %20s %22s  %s%n", ++i, settings(c), c.path("exitCode").asInt(),
                    spread(m.path("throughput.sendsPerSec")), spread(m.path("throughput.deliveriesPerSec")),
                    spread(m.path("latency.e2e.p99")), against(c)));
        }
        b.append(repeat >= 2 ? "noise band: a metric differs only when the medians are further apart than the two spreads"
                + " (max - min) added\n" : "noise band: none with one run per combination (use --repeat 3 or more to judge"
                + " differences)\n");
    }

    private static String against(JsonNode c) {
        if (!c.has("vsFirst")) {
            return "(the first)";
        }
        if (c.path("vsFirst").properties().stream().anyMatch(e -> e.getValue().path("band").isNull())) {
            return "not judged (one run each)";
        }
        if (c.path("withinNoise").asBoolean()) {
            return "no difference beyond noise";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode metric : c.path("differsBeyondNoise")) {
            JsonNode d = c.path("vsFirst").path(metric.asText());
            parts.add(String.format(Locale.ROOT, "%s %+.2f (band %.2f)", metric.asText(), d.path("difference").asDouble(),
                    d.path("band").asDouble()));
        }
        return "differs: " + String.join(", ", parts);
    }

    private static void capacity(StringBuilder b, JsonNode c) {
        b.append(String.format(Locale.ROOT, "%ncapacity search: %s while %s%n", c.path("key").asText(), c.path("slo").asText()));
        b.append(String.format(Locale.ROOT, "%12s %12s %10s %-12s %4s %s%n", "asked", "achieved", "achieved", "verdict",
                "exit", "generator"));
        for (JsonNode p : c.path("probes")) {
            JsonNode fraction = p.path("achievedFraction");
            b.append(String.format(Locale.ROOT, "%12s %12s %10s %-12s %4d %s%n", CapacitySearch.format(p.path("asked").asDouble()),
                    number(p.path("achieved"), "%.1f"), fraction.isNumber()
                            ? String.format(Locale.ROOT, "%.0f%%", fraction.asDouble() * 100) : NA,
                    p.path("verdict").asText(), p.path("exitCode").asInt(), p.path("generatorBound").asBoolean() ? "bound" : "ok"));
        }
        b.append(c.path("answer").asText()).append('\n');
    }

    static void writeCsv(Path file, JsonNode rows) {
        StringBuilder b = new StringBuilder("settings,combination,repeat,exitCode,verdict,c2cPerSec,c2gPerSec,"
                + "deliveriesPerSec,e2eP99Ms,run\n");
        for (JsonNode r : rows) {
            JsonNode t = r.path("throughput");
            b.append('"').append(settings(r).replace("\"", "\"\"")).append("\",").append(r.path("combination").asInt())
                    .append(',').append(r.path("repeat").asInt()).append(',').append(r.path("exitCode").asInt()).append(',')
                    .append(r.has("capacitySlo") ? r.path("capacitySlo").asText() : r.path("verdict").asText()).append(',')
                    .append(csv(t.path("c2cPerSec"))).append(',').append(csv(t.path("c2gPerSec"))).append(',')
                    .append(csv(t.path("deliveriesPerSec"))).append(',').append(csv(r.path("e2e").path("p99"))).append(',')
                    .append(r.path("run").asText()).append('\n');
        }
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty field for a number the run did not have (rather than a 0 it did not measure). */
    private static String csv(JsonNode n) {
        return n.isNumber() ? n.asText() : "";
    }
}

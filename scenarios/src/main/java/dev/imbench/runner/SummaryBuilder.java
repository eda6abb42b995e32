package dev.imbench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.scenario.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds {@code summary.json} (schema 1, docs/run-directory.md) from the files
 * the simulator left in the run directory, then the SLO verdict on top.
 */
public final class SummaryBuilder {

    /** Version of the summary.json contract. */
    public static final int SCHEMA = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DELIVERY_FIELDS = List.of("attempted", "acked", "expected", "delivered",
            "deliveredByPull", "lost", "duplicated", "reordered", "unexpected", "recovered");

    private SummaryBuilder() {
    }

    /** The summary without its verdict ({@code slo}, {@code passed}, {@code exitCode} are added by {@link #judge}). */
    public static ObjectNode build(RunDirectory dir, Scenario scenario, WorkloadResult result, long durationMs) {
        ObjectNode s = JSON.createObjectNode();
        s.put("schema", SCHEMA).put("id", dir.id()).put("scenario", scenario.name()).put("seed", scenario.seed());
        s.put("durationMs", durationMs);
        int target = scenario.population().clients();
        s.putObject("clients").put("target", target).put("peakOnline", result.peakOnline())
                .put("peakOnlineFraction", round((double) result.peakOnline() / target));

        JsonNode delivery = readJson(dir.file("delivery.json"));
        ObjectNode d = s.putObject("delivery");
        for (String f : DELIVERY_FIELDS) {
            d.put(f, delivery.path(f).asLong(0));
        }
        d.put("valid", delivery.path("valid").asBoolean(false));
        d.put("drainComplete", delivery.path("drainComplete").asBoolean(result.drainComplete()));
        d.put("verdict", delivery.path("verdict").asText("incomplete"));

        double seconds = Math.max(result.loadMillis(), 1) / 1000.0;
        JsonNode counters = readJsonIfPresent(dir.file("counters.json"));
        ObjectNode t = s.putObject("throughput");
        long acked = d.get("acked").asLong();
        t.put("sendsPerSec", round(acked / seconds));
        // Per-kind rates only where they can be told apart: from the simulator's per-kind counters,
        // or when the scenario sends one kind only. A guessed split would be a number we cannot defend.
        boolean groups = scenario.phases().stream().anyMatch(p -> p.rates().c2g() > 0);
        boolean direct = scenario.phases().stream().anyMatch(p -> p.rates().c2c() > 0);
        JsonNode byKind = counters.path("acked");
        if (byKind.has("c2c") || !groups) {
            t.put("c2cPerSec", round(byKind.path("c2c").asLong(acked) / seconds));
        }
        if (byKind.has("c2g") || !direct) {
            t.put("c2gPerSec", round(byKind.path("c2g").asLong(direct ? 0 : acked) / seconds));
        }
        t.put("deliveriesPerSec", round(d.get("delivered").asLong() / seconds));

        ObjectNode latency = s.putObject("latency");
        Path dirLatency = dir.file("latency");
        if (Files.isDirectory(dirLatency)) {
            try (Stream<Path> files = Files.list(dirLatency)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".hlog")).sorted().toList()) {
                    String metric = f.getFileName().toString().replaceFirst("\\.hlog$", "");
                    latency.set(metric, LatencyDigest.read(f).toJson());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    /**
     * Adds the SLO table, {@code passed} and {@code exitCode}: passed when every
     * SLO holds and the delivery verdict is valid.
     */
    public static int judge(ObjectNode summary, List<SloResult> slos) {
        ArrayNode table = summary.putArray("slo");
        boolean allHeld = true;
        for (SloResult r : slos) {
            ObjectNode row = table.addObject();
            row.put("check", r.check()).put("limit", r.limit());
            if (Double.isNaN(r.actual())) {
                row.putNull("actual");
            } else {
                row.put("actual", r.actual());
            }
            row.put("passed", r.passed());
            if (!r.note().isEmpty()) {
                row.put("note", r.note());
            }
            allHeld &= r.passed();
        }
        boolean valid = summary.path("delivery").path("valid").asBoolean(false);
        boolean passed = allHeld && valid;
        int exit = passed ? 0 : 1;
        summary.put("passed", passed).put("exitCode", exit);
        return exit;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.getFileName() + " is missing or unreadable: " + e.getMessage(), e);
        }
    }

    private static JsonNode readJsonIfPresent(Path file) {
        return Files.exists(file) ? readJson(file) : JSON.createObjectNode();
    }

    /** Writes a JSON tree, pretty-printed. */
    public static void write(Path file, JsonNode node) {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

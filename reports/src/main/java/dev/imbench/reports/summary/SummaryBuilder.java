package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the measurement part of {@code summary.json} (schema 2,
 * docs/run-directory.md) from a run directory alone: whole-run figures, then
 * the breakdowns by phase, network slice and fault window, the warm-up and the
 * generator's health. The verdict on top is {@link Judge}'s.
 */
public final class SummaryBuilder {

    /** Version of the summary.json contract. */
    public static final int SCHEMA = 2;

    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> DELIVERY_FIELDS = List.of("attempted", "acked", "expected", "delivered", "deliveredOnline",
            "deliveredByPull", "lost", "duplicated", "reordered", "unexpected", "recovered");

    private SummaryBuilder() {
    }

    /**
     * The summary without its verdict.
     *
     * @throws BrokenRunException when a file the verdict needs is missing or malformed
     */
    public static ObjectNode build(Path dir) {
        return build(RunFiles.read(dir));
    }

    /** The summary of files already read. */
    public static ObjectNode build(RunFiles f) {
        JsonNode run = f.run();
        ObjectNode s = JSON.createObjectNode();
        s.put("schema", SCHEMA).put("id", run.path("id").asText(f.dir().getFileName().toString()))
                .put("scenario", run.path("scenario").asText("")).put("seed", run.path("seed").asLong());
        s.put("durationMs", Math.max(0, run.path("endedAt").asLong() - run.path("startedAt").asLong()));
        s.put("interrupted", f.interrupted());
        if (f.interrupted()) {
            s.put("interruptedAt", run.path("interruptedAt").asLong());
        }
        clients(s, f);
        s.set("delivery", delivery(f.delivery(), true));
        s.set("errors", f.counters().path("errors").isObject() ? f.counters().get("errors").deepCopy() : JSON.createObjectNode());
        s.set("throughput", throughput(f, f.measuredPhases(), f.delivery().path("byPhase")));
        s.set("latency", latency(f.latency(), null));
        phases(s, f);
        slices(s, f);
        faults(s, f);
        warmup(s, f);
        s.set("generator", GeneratorHealth.summarize(f.generator(), f.latency().get("lag"), f.spec()));
        if (!f.problems().isEmpty()) {
            f.problems().forEach(s.withArray("problems")::add);
        }
        return s;
    }

    private static void clients(ObjectNode s, RunFiles f) {
        JsonNode c = f.run().path("clients");
        long target = c.path("target").asLong(f.scenarioClients());
        double[] online = f.series().get("online");
        long seriesPeak = 0;
        for (int i = 0; online != null && i < online.length; i++) {
            seriesPeak = Math.max(seriesPeak, (long) online[i]);
        }
        long peak = c.path("peakOnline").asLong(seriesPeak);
        ObjectNode n = s.putObject("clients").put("target", target).put("peakOnline", peak);
        if (target > 0) {
            n.put("peakOnlineFraction", round((double) peak / target));
        }
    }

    /** A delivery block: the counts, and on the whole-run block the flags and the verdict. */
    static ObjectNode delivery(JsonNode d, boolean whole) {
        ObjectNode n = JSON.createObjectNode();
        for (String field : DELIVERY_FIELDS) {
            n.put(field, d.path(field).asLong(0));
        }
        if (whole) {
            n.put("valid", d.path("valid").asBoolean(false));
            n.put("drainComplete", d.path("drainComplete").asBoolean(false));
            n.put("verdict", d.path("verdict").asText("incomplete"));
            ArrayNode lost = n.putArray("lostExamples");
            for (JsonNode e : d.path("examples").path("lost")) {
                lost.addObject().put("msg", e.path("msg").asLong()).put("from", e.path("from").asText())
                        .put("to", e.path("to").asText()).put("sentMs", e.path("sentMs").asLong(-1))
                        .put("ackMs", e.path("ackMs").asLong(-1));
            }
            if (d.path("business").isObject()) {
                n.set("business", d.get("business").deepCopy());
            }
        }
        return n;
    }

    /** The throughput over some phases: acked sends, per kind, deliveries and offered sends per second. */
    private static ObjectNode throughput(RunFiles f, List<RunFiles.Span> spans, JsonNode byPhase) {
        long ms = spans.stream().mapToLong(RunFiles.Span::length).sum();
        double seconds = Math.max(ms, 1) / 1000.0;
        ObjectNode t = JSON.createObjectNode();
        double acked;
        double delivered;
        boolean perKind = f.series().containsKey("ackedC2c");
        if (perKind) {
            // schema 2: every rate from series.csv, so the kinds add up to the total and match the charts
            acked = f.seriesSum("acked", spans);
            delivered = f.seriesSum("delivered", spans);
        } else if (spans.equals(f.measuredPhases())) {
            acked = f.delivery().path("acked").asLong();
            delivered = f.delivery().path("delivered").asLong();
        } else if (byPhase.isObject() && spans.stream().allMatch(p -> byPhase.has(p.name()))) {
            acked = spans.stream().mapToLong(p -> byPhase.path(p.name()).path("acked").asLong()).sum();
            delivered = spans.stream().mapToLong(p -> byPhase.path(p.name()).path("delivered").asLong()).sum();
        } else {
            acked = f.seriesSum("acked", spans);
            delivered = f.seriesSum("delivered", spans);
        }
        t.put("sendsPerSec", round(acked / seconds));
        for (String kind : List.of("c2c", "c2g")) {
            String column = "acked" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
            if (perKind) {
                t.put(kind + "PerSec", round(f.seriesSum(column, spans) / seconds));
            } else if (spans.equals(f.measuredPhases()) && f.counters().path("acked").has(kind)) {
                t.put(kind + "PerSec", round(f.counters().path("acked").path(kind).asLong() / seconds));
            }
        }
        t.put("deliveriesPerSec", round(delivered / seconds));
        if (f.series().containsKey("offered")) {
            t.put("offeredPerSec", round(f.seriesSum("offered", spans) / seconds));
        }
        return t;
    }

    /** The latency blocks of a set of metric logs, measured intervals only (window null: the whole run). */
    private static ObjectNode latency(Map<String, Hlog> logs, long[] window) {
        ObjectNode n = JSON.createObjectNode();
        for (Map.Entry<String, Hlog> e : logs.entrySet()) {
            String metric = e.getKey();
            if (metric.equals("lag") || metric.equals("e2e-online") || metric.equals("e2e-offline")) {
                continue;
            }
            n.set(metric, digest(e.getValue(), window).toJson());
        }
        if (n.has("e2e")) {
            for (String way : List.of("online", "offline")) {
                Hlog log = logs.get("e2e-" + way);
                if (log != null) {
                    ((ObjectNode) n.get("e2e")).set(way, digest(log, window).toJson());
                }
            }
        }
        return n;
    }

    private static LatencyDigest digest(Hlog log, long[] window) {
        return window == null ? log.measured() : log.measured(window[0], window[1]);
    }

    private static void phases(ObjectNode s, RunFiles f) {
        ObjectNode phases = s.putObject("phase");
        JsonNode byPhase = f.delivery().path("byPhase");
        for (RunFiles.Span p : f.phases()) {
            ObjectNode n = phases.putObject(p.name());
            n.put("start", p.start()).put("end", p.end()).put("durationMs", p.length()).put("warmup", p.warmup());
            long[] window = {p.start(), p.end()};
            ObjectNode lat = JSON.createObjectNode();
            for (Map.Entry<String, Hlog> e : f.latency().entrySet()) {
                // a warm-up phase shows its own (warm-up) samples; measured phases their measured ones
                LatencyDigest d = p.warmup() ? e.getValue().warmup(window[0], window[1]) : digest(e.getValue(), window);
                if (!d.isEmpty() && !e.getKey().equals("lag")) {
                    lat.set(e.getKey(), d.toJson());
                }
            }
            nestE2e(lat);
            n.set("latency", lat);
            if (byPhase.has(p.name())) {
                n.set("delivery", delivery(byPhase.path(p.name()), false));
            }
            n.set("throughput", throughput(f, List.of(p), byPhase));
        }
    }

    /** Moves e2e-online / e2e-offline blocks under e2e as online / offline. */
    private static void nestE2e(ObjectNode lat) {
        for (String way : List.of("online", "offline")) {
            JsonNode b = lat.remove("e2e-" + way);
            if (b != null && lat.has("e2e")) {
                ((ObjectNode) lat.get("e2e")).set(way, b);
            }
        }
    }

    private static void slices(ObjectNode s, RunFiles f) {
        ObjectNode slices = s.putObject("slice");
        JsonNode bySlice = f.delivery().path("bySlice");
        for (Map.Entry<String, Map<String, Hlog>> e : f.slices().entrySet()) {
            ObjectNode n = slices.putObject(e.getKey());
            n.set("latency", latency(e.getValue(), null));
            if (bySlice.has(e.getKey())) {
                n.set("delivery", delivery(bySlice.path(e.getKey()), false));
            }
        }
        for (Map.Entry<String, JsonNode> e : bySlice.properties()) {
            if (!slices.has(e.getKey())) {
                slices.putObject(e.getKey()).set("delivery", delivery(e.getValue(), false));
            }
        }
    }

    /**
     * Each fault's windows: latency, delivery counts (by intended send), error answers by code (by
     * the second they came in), unplanned disconnects and reconnects; and the time to recover after it.
     */
    private static void faults(ObjectNode s, RunFiles f) {
        ObjectNode faults = s.putObject("fault");
        JsonNode byFault = f.delivery().path("byFault");
        List<ErrorSeconds.Row> errors = ErrorSeconds.read(f.dir());
        for (RunFiles.Fault fault : f.faults()) {
            ObjectNode n = faults.putObject(fault.name());
            n.put("action", fault.action()).put("start", fault.start()).put("end", fault.end());
            long[][] windows = {{Long.MIN_VALUE, fault.start()}, {fault.start(), fault.end()}, {fault.end(), Long.MAX_VALUE}};
            for (int w = 0; w < 3; w++) {
                String window = SloPaths.WINDOWS.get(w);
                ObjectNode wn = n.putObject(window);
                wn.set("latency", latency(f.latency(), windows[w]));
                JsonNode d = byFault.path(fault.name()).path(window);
                if (d.isObject()) {
                    wn.set("delivery", delivery(d, false));
                }
                wn.set("errors", ErrorSeconds.byCode(errors, windows[w][0], windows[w][1]));
                wn.put("disconnects", Math.round(f.seriesIn("disconnectsUnplanned", windows[w][0], windows[w][1])));
                JsonNode reconnect = wn.path("latency").path("reconnect");
                wn.put("reconnects", reconnect.path("count").asLong(0));
            }
            JsonNode r = byFault.path(fault.name()).path("recovery");
            if (r.isObject()) {
                n.putObject("recovery").put("firstAckMs", r.path("firstAckMs").asLong(-1))
                        .put("backlogMs", r.path("backlogMs").asLong(-1))
                        .put("backlogMessages", r.path("backlogMessages").asLong(0));
            }
        }
    }

    private static void warmup(ObjectNode s, RunFiles f) {
        ObjectNode w = s.putObject("warmup");
        f.phases().stream().filter(RunFiles.Span::warmup).forEach(p -> w.withArray("phases").add(p.name()));
        w.withArray("phases");
        w.put("excluded", true);
        w.put("samples", f.latency().values().stream().mapToLong(Hlog::warmupSamples).sum());
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    /** Reads a JSON file. */
    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.getFileName() + " is missing or unreadable: " + e.getMessage(), e);
        }
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

package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's derived sections, built from what {@link RunReader} read: the verdict,
 * the statistics table, the breakdowns, the one clock of phases and faults, and each
 * metric's per-second timeline. Every section degrades to an empty or null node when
 * its source (a schema-2 field) is absent, so old run directories still render.
 */
final class ReportSections {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Metrics in the order a reader follows a message: login, send, delivery, pull, then the rest. */
    static final List<String> ORDER = List.of("login", "ack", "e2e", "pull", "drain", "kickout", "reconnect", "lag");

    private static final List<String> PERCENTILES = List.of("p50", "p75", "p95", "p99", "p999", "max");

    private ReportSections() {
    }

    /**
     * The run's verdict: summary.json {@code verdict} when present; otherwise read from a
     * schema-1 summary ({@code passed}, {@code exitCode}); null when there is no summary.
     */
    static String verdict(JsonNode summary) {
        if (summary.path("verdict").isTextual()) {
            return summary.get("verdict").asText();
        }
        if (summary.path("interrupted").asBoolean(false) || summary.path("exitCode").asInt(-1) == 130) {
            return "interrupted";
        }
        if (!summary.has("passed")) {
            return null;
        }
        return switch (summary.path("exitCode").asInt(summary.path("passed").asBoolean() ? 0 : 1)) {
            case 0 -> summary.path("passed").asBoolean() ? "passed" : "failed";
            case 2 -> "broken";
            case 3 -> "inconclusive";
            default -> "failed";
        };
    }

    /** {@code {interrupted, atMs}}: summary.json first, run.json otherwise. */
    static ObjectNode interruption(JsonNode summary, JsonNode run) {
        ObjectNode n = JSON.createObjectNode();
        boolean interrupted = summary.path("interrupted").asBoolean(false) || run.path("interrupted").asBoolean(false)
                || "interrupted".equals(summary.path("verdict").asText());
        n.put("interrupted", interrupted);
        JsonNode at = summary.has("interruptedAt") ? summary.get("interruptedAt") : run.path("interruptedAt");
        if (interrupted && at.isNumber()) {
            n.put("atMs", at.asLong());
        } else {
            n.putNull("atMs");
        }
        return n;
    }

    /**
     * One row per metric of summary.json {@code latency} (and e2e's online/offline split),
     * Gatling's "Statistics" columns: count, p50, p75, p95, p99, p99.9, max, errors. A
     * percentile the summary lacks (schema 1 has no p75/p95) is null.
     */
    static ArrayNode statistics(JsonNode summary, JsonNode delivery) {
        ArrayNode rows = JSON.createArrayNode();
        JsonNode latency = summary.path("latency");
        JsonNode d = summary.path("delivery").isObject() && summary.path("delivery").size() > 0 ? summary.get("delivery") : delivery;
        for (String metric : ordered(latency)) {
            JsonNode m = latency.get(metric);
            ObjectNode row = statRow(rows, metric, metric, m);
            if (m.has("errors")) {
                row.set("errors", m.get("errors"));
                row.put("errorsMeaning", "as summary.json counts them");
            } else if (metric.equals("ack") && d.has("attempted") && d.has("acked")) {
                row.put("errors", d.get("attempted").asLong() - d.get("acked").asLong());
                row.put("errorsMeaning", "sends never acked (attempted − acked)");
            } else if (metric.equals("e2e") && d.has("lost")) {
                row.put("errors", d.get("lost").asLong());
                row.put("errorsMeaning", "messages lost (acked, never delivered)");
            } else {
                row.putNull("errors");
            }
            for (String part : List.of("online", "offline")) {
                if (m.path(part).isObject()) {
                    ObjectNode sub = statRow(rows, metric + "." + part, metric + " · " + part
                            + (part.equals("online") ? " (by push)" : " (by pull)"), m.get(part));
                    sub.putNull("errors");
                }
            }
        }
        return rows;
    }

    private static ObjectNode statRow(ArrayNode rows, String key, String label, JsonNode m) {
        ObjectNode row = rows.addObject();
        row.put("metric", key);
        row.put("label", label);
        row.put("unit", m.path("unit").asText("ms"));
        row.set("count", m.has("count") ? m.get("count") : null);
        for (String p : PERCENTILES) {
            if (m.path(p).isNumber()) {
                row.set(p, m.get(p));
            } else {
                row.putNull(p);
            }
        }
        return row;
    }

    private static List<String> ordered(JsonNode latency) {
        List<String> names = new ArrayList<>();
        latency.fieldNames().forEachRemaining(names::add);
        names.removeIf(n -> !latency.get(n).isObject());
        names.sort((a, b) -> Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b));
        return names;
    }

    static int rank(String metric) {
        int i = ORDER.indexOf(metric);
        if (i >= 0) {
            return i * 10;
        }
        int dash = metric.indexOf('-');
        return dash > 0 && ORDER.contains(metric.substring(0, dash)) ? ORDER.indexOf(metric.substring(0, dash)) * 10 + 1 : 1000;
    }

    /**
     * Latency and delivery by phase, by network slice and by fault window: summary.json's
     * {@code phase}, {@code slice} and {@code fault} sections, with delivery.json's
     * {@code byPhase}, {@code bySlice}, {@code byFault} filling any delivery figures the summary lacks.
     */
    static ObjectNode breakdowns(JsonNode summary, JsonNode delivery) {
        ObjectNode n = JSON.createObjectNode();
        n.set("phase", scoped(summary.path("phase"), delivery.path("byPhase")));
        n.set("slice", scoped(summary.path("slice"), delivery.path("bySlice")));
        ArrayNode faults = n.putArray("fault");
        for (String fault : union(summary.path("fault"), delivery.path("byFault"))) {
            for (String window : List.of("before", "during", "after")) {
                JsonNode s = summary.path("fault").path(fault).path(window);
                JsonNode d = delivery.path("byFault").path(fault).path(window);
                if (s.isMissingNode() && d.isMissingNode()) {
                    continue;
                }
                ObjectNode row = row(window, s, d);
                row.put("fault", fault);
                faults.add(row);
            }
        }
        return n;
    }

    private static ArrayNode scoped(JsonNode fromSummary, JsonNode fromDelivery) {
        ArrayNode rows = JSON.createArrayNode();
        for (String scope : union(fromSummary, fromDelivery)) {
            rows.add(row(scope, fromSummary.path(scope), fromDelivery.path(scope)));
        }
        return rows;
    }

    private static ObjectNode row(String scope, JsonNode s, JsonNode d) {
        ObjectNode row = JSON.createObjectNode();
        row.put("scope", scope);
        row.set("latency", s.path("latency").isObject() ? s.get("latency") : JSON.createObjectNode());
        JsonNode dl = s.path("delivery").isObject() ? s.get("delivery") : d.isObject() ? d : null;
        row.set("delivery", dl);
        row.set("throughput", s.path("throughput").isObject() ? s.get("throughput") : null);
        row.put("warmup", s.path("warmup").asBoolean(false));
        return row;
    }

    private static Set<String> union(JsonNode a, JsonNode b) {
        Set<String> names = new LinkedHashSet<>();
        if (a.isObject()) {
            a.fieldNames().forEachRemaining(names::add);
        }
        if (b.isObject()) {
            b.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /**
     * Phases and faults on one clock, run start = 0 (ms): phases from run.json (with their
     * {@code warmup} flag), faults from run.json {@code faults} when present, otherwise from
     * the fault and kill events of events.jsonl. Also the ramp's end, the origin of a
     * scenario's fault {@code at:}.
     */
    static ObjectNode clock(JsonNode run, List<JsonNode> events) {
        ObjectNode n = JSON.createObjectNode();
        n.put("origin", "run start");
        long runEnd = run.has("endedAt") && run.has("startedAt") ? run.get("endedAt").asLong() - run.get("startedAt").asLong() : -1;
        ArrayNode phases = n.putArray("phases");
        for (JsonNode p : run.path("phases")) {
            ObjectNode o = phases.addObject();
            o.put("name", p.path("name").asText());
            o.put("start", p.path("start").asLong());
            o.put("end", p.path("end").asLong(p.path("start").asLong()));
            o.put("warmup", p.path("warmup").asBoolean(false));
            // A scenario's fault "at:" counts from the start of the first measured phase (after ramp and warm-up).
            if (!n.has("faultOriginMs") && !"ramp".equals(p.path("name").asText()) && !p.path("warmup").asBoolean(false)) {
                n.put("faultOriginMs", p.path("start").asLong());
            }
            runEnd = Math.max(runEnd, p.path("end").asLong());
        }
        ArrayNode faults = n.putArray("faults");
        if (run.path("faults").isArray() && !run.get("faults").isEmpty()) {
            n.put("faultSource", "run.json");
            for (JsonNode f : run.get("faults")) {
                ObjectNode o = faults.addObject();
                o.put("name", f.path("name").asText());
                o.put("start", f.path("start").asLong());
                o.put("end", f.path("end").asLong(runEnd));
                o.put("action", f.path("action").asText(""));
                if (f.has("clients")) {
                    o.set("clients", f.get("clients"));
                }
            }
            return n;
        }
        Map<String, Long> open = new HashMap<>();
        for (JsonNode e : events) {
            String type = e.path("type").asText();
            if (!type.equals("fault") && !type.equals("kill")) {
                continue;
            }
            String name = e.path("name").asText();
            long t = e.path("t").asLong();
            if ("removed".equals(e.path("detail").asText()) && open.containsKey(name)) {
                fault(faults, name, open.remove(name), t, type);
            } else if (e.has("end")) {
                fault(faults, name, t, e.get("end").asLong(), type);
            } else {
                open.put(name, t);
            }
        }
        for (Map.Entry<String, Long> o : new TreeMap<>(open).entrySet()) {
            fault(faults, o.getKey(), o.getValue(), Math.max(runEnd, o.getValue() + 1000), "fault");
        }
        n.put("faultSource", faults.isEmpty() ? "none" : "events.jsonl");
        return n;
    }

    private static void fault(ArrayNode faults, String name, long start, long end, String action) {
        ObjectNode o = faults.addObject();
        o.put("name", name);
        o.put("start", start);
        o.put("end", end);
        o.put("action", action);
    }

    /**
     * A metric's intervals on one time axis (seconds since the run's start): the measured
     * percentiles, raw p99 at the same seconds, and the warm-up's p99 (null outside it).
     */
    static ObjectNode timeline(LatencyLog log) {
        TreeMap<Long, Map<String, Double>> bySecond = new TreeMap<>();
        put(bySecond, log.corrected(), "p50", i -> i.p50());
        put(bySecond, log.corrected(), "p99", i -> i.p99());
        put(bySecond, log.corrected(), "p999", i -> i.p999());
        put(bySecond, log.corrected(), "max", i -> i.max());
        put(bySecond, log.raw(), "rawP99", i -> i.p99());
        put(bySecond, log.warmupCorrected(), "warmupP99", i -> i.p99());
        put(bySecond, log.warmupRaw(), "warmupRawP99", i -> i.p99());
        ObjectNode n = JSON.createObjectNode();
        ArrayNode t = n.putArray("t");
        bySecond.keySet().forEach(ms -> t.add(ms / 1000.0));
        for (String key : List.of("p50", "p99", "p999", "max", "rawP99", "warmupP99", "warmupRawP99")) {
            ArrayNode a = n.putArray(key);
            bySecond.values().forEach(v -> {
                Double x = v.get(key);
                if (x == null) {
                    a.addNull();
                } else {
                    a.add(x);
                }
            });
        }
        return n;
    }

    private static void put(TreeMap<Long, Map<String, Double>> bySecond, List<LatencyLog.Interval> intervals, String key,
                            java.util.function.ToDoubleFunction<LatencyLog.Interval> value) {
        for (LatencyLog.Interval i : intervals) {
            Map<String, Double> at = bySecond.computeIfAbsent(Math.round(i.startSec() * 1000), k -> new HashMap<>());
            // An empty interval has no percentiles: leave a gap rather than draw a zero.
            if (i.count() > 0) {
                at.put(key, value.applyAsDouble(i));
            }
        }
    }

    /**
     * delivery.json with each example's message id as text, digit for digit as in the
     * file (a JavaScript number would round ids above 2^53 and print them with separators).
     */
    static JsonNode deliveryWithTextIds(JsonNode delivery) {
        JsonNode copy = delivery.deepCopy();
        for (JsonNode list : copy.path("examples")) {
            for (JsonNode ex : list) {
                if (ex instanceof ObjectNode o && o.path("msg").isNumber()) {
                    o.put("msg", o.get("msg").asText());
                }
            }
        }
        return copy;
    }
}

package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The few server figures a report shows from {@code server-metrics.prom}, per node:
 * every latency histogram (count, mean, an upper bound of p50 and p99 from its
 * buckets, max), the queue depths and
 * back-pressure, the connections, and the failure counters.
 */
final class ServerMetricsView {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUEUES = Pattern.compile(".*(queue|depth|pending|backpressure|back_pressure|inflight).*");
    private static final Pattern LOAD = Pattern.compile(".*(connections|sessions|online_devices).*");
    private static final Pattern FAILURES = Pattern.compile(".*(fail|error|dropped|refused|bad_frames|idle_closed).*");

    private ServerMetricsView() {
    }

    /**
     * {@code {glance: [{node, role, connections, sessions, framesIn, storeP99, routeP99, backpressure,
     * failures}], nodes: [{node, role, timers: [...], queues: [...], load: [...], failures: [...]}]}}:
     * {@code glance} holds each node's key figures, shown beside the client-side statistics (null where
     * the node exposes none of that metric).
     */
    static ObjectNode of(List<PromText.Sample> samples) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode glance = out.putArray("glance");
        ArrayNode nodes = out.putArray("nodes");
        Map<String, List<PromText.Sample>> byNode = samples.stream()
                .collect(Collectors.groupingBy(PromText.Sample::node, LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<PromText.Sample>> e : byNode.entrySet()) {
            List<PromText.Sample> mine = e.getValue();
            ObjectNode n = nodes.addObject();
            n.put("node", e.getKey());
            n.put("role", mine.get(0).role());
            ArrayNode timers = n.putArray("timers");
            List<ObjectNode> histograms = histograms(mine);
            histograms.forEach(timers::add);
            glance.add(glance(e.getKey(), mine, histograms));
            ArrayNode queues = n.putArray("queues");
            ArrayNode load = n.putArray("load");
            ArrayNode failures = n.putArray("failures");
            for (PromText.Sample s : mine) {
                String name = s.name();
                if (isHistogramPart(name, mine)) {
                    continue;
                }
                ArrayNode into = QUEUES.matcher(name).matches() ? queues
                        : LOAD.matcher(name).matches() ? load
                        : FAILURES.matcher(name).matches() ? failures : null;
                if (into != null) {
                    ObjectNode row = into.addObject();
                    row.put("name", pretty(name));
                    row.put("labels", s.labels().entrySet().stream().map(l -> l.getKey() + "=" + l.getValue())
                            .collect(Collectors.joining(", ")));
                    row.put("value", s.value());
                }
            }
        }
        return out;
    }

    /** One node's key figures: sums of the named counters and gauges, p99 upper bounds of store and route. */
    private static ObjectNode glance(String node, List<PromText.Sample> mine, List<ObjectNode> histograms) {
        ObjectNode g = JSON.createObjectNode();
        g.put("node", node);
        g.put("role", mine.get(0).role());
        putSum(g, "connections", mine, "imbench_connections");
        putSum(g, "sessions", mine, "imbench_sessions");
        putSum(g, "framesIn", mine, "imbench_frames_in_total");
        g.set("storeP99", p99(histograms, "store latency"));
        g.set("routeP99", p99(histograms, "route latency"));
        putSum(g, "backpressure", mine, "imbench_backpressure_events_total");
        double failures = 0;
        boolean any = false;
        for (PromText.Sample s : mine) {
            if (FAILURES.matcher(s.name()).matches() && !isHistogramPart(s.name(), mine) && Double.isFinite(s.value())) {
                failures += s.value();
                any = true;
            }
        }
        if (any) {
            g.put("failures", failures);
        } else {
            g.putNull("failures");
        }
        return g;
    }

    private static void putSum(ObjectNode g, String key, List<PromText.Sample> mine, String name) {
        List<PromText.Sample> named = mine.stream().filter(s -> s.name().equals(name)).toList();
        if (named.isEmpty()) {
            g.putNull(key);
        } else {
            g.put(key, named.stream().mapToDouble(PromText.Sample::value).sum());
        }
    }

    private static JsonNode p99(List<ObjectNode> histograms, String name) {
        return histograms.stream().filter(h -> h.get("name").asText().equals(name) && h.get("count").asLong() > 0)
                .map(h -> h.get("p99")).findFirst().orElse(JSON.nullNode());
    }

    private static boolean isHistogramPart(String name, List<PromText.Sample> all) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (all.stream().anyMatch(s -> s.name().equals(base + "_bucket"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<ObjectNode> histograms(List<PromText.Sample> mine) {
        Map<String, List<double[]>> buckets = new LinkedHashMap<>();
        for (PromText.Sample s : mine) {
            if (s.name().endsWith("_bucket") && s.labels().containsKey("le")) {
                double le = "+Inf".equals(s.labels().get("le")) ? Double.POSITIVE_INFINITY : Double.parseDouble(s.labels().get("le"));
                String base = s.name().substring(0, s.name().length() - "_bucket".length());
                buckets.computeIfAbsent(base, k -> new ArrayList<>()).add(new double[] {le, s.value()});
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> b : buckets.entrySet()) {
            String base = b.getKey();
            double scale = base.endsWith("_seconds") ? 1000 : 1;
            List<double[]> sorted = b.getValue().stream().sorted(Comparator.comparingDouble(x -> x[0])).toList();
            double count = value(mine, base + "_count", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)[1]);
            double sum = value(mine, base + "_sum", Double.NaN);
            double max = value(mine, base + "_max", Double.NaN);
            ObjectNode t = JSON.createObjectNode();
            t.put("name", pretty(base));
            t.put("unit", scale == 1000 ? "ms" : "");
            t.put("count", (long) count);
            if (count > 0) {
                putFinite(t, "mean", sum / count * scale);
                putFinite(t, "p50", quantile(sorted, 0.5, count, max) * scale);
                putFinite(t, "p99", quantile(sorted, 0.99, count, max) * scale);
                putFinite(t, "max", max * scale);
            }
            out.add(t);
        }
        return out;
    }

    /**
     * An upper bound of the q-quantile of a cumulative bucket list: the upper edge of the
     * bucket the q-th sample falls in, never above the largest sample seen ({@code max},
     * NaN when unknown). Buckets are too coarse to say more: interpolating inside the
     * first bucket (0 to 1 ms) would invent a figure.
     */
    static double quantile(List<double[]> cumulative, double q, double count, double max) {
        double rank = q * count;
        double bound = Double.POSITIVE_INFINITY;
        for (double[] b : cumulative) {
            if (b[1] >= rank) {
                bound = b[0];
                break;
            }
        }
        return Double.isNaN(max) ? bound : Math.min(bound, max);
    }

    private static double value(List<PromText.Sample> mine, String name, double otherwise) {
        return mine.stream().filter(s -> s.name().equals(name)).mapToDouble(PromText.Sample::value).findFirst().orElse(otherwise);
    }

    private static void putFinite(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, Math.round(v * 1000) / 1000.0);
        } else {
            n.putNull(key);
        }
    }

    /** {@code imbench_store_latency_seconds} → {@code store latency}; {@code imbench_backpressure_events_total} → {@code backpressure events}. */
    static String pretty(String name) {
        return name.replaceFirst("^imbench_", "").replaceFirst("_(total|seconds)$", "").replace('_', ' ');
    }
}

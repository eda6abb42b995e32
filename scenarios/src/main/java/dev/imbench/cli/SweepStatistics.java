package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The median and spread of each combination's repeated runs, and which differences from the first
 * combination lie beyond the noise band.
 *
 * <p>The noise band of a metric between two combinations is the sum of their spreads (max − min
 * over each one's repeats). A combination differs from the first on a metric only when the two
 * medians are further apart than that band. With one run per combination there is no spread, so no
 * band: the difference is reported as unjudged, never as beyond noise.
 */
final class SweepStatistics {

    /** The summary.json numbers compared, by path. */
    static final List<String> METRICS = List.of("throughput.sendsPerSec", "throughput.c2cPerSec",
            "throughput.c2gPerSec", "throughput.deliveriesPerSec", "latency.ack.p99", "latency.e2e.p50",
            "latency.e2e.p99");

    static final String DEFINITION = "the noise band of a metric between two combinations is the sum of their spreads "
            + "(max - min over each one's repeated runs); a combination differs from the first only where the two medians "
            + "are further apart than that band. With one run per combination there is no band and nothing is judged.";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The median and range of one metric over one combination's runs. */
    record Spread(int n, double median, double min, double max) {

        static Spread of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            return new Spread(n, median, v[0], v[n - 1]);
        }

        double width() {
            return max - min;
        }

        ObjectNode toJson() {
            return JSON.createObjectNode().put("n", n).put("median", round(median)).put("min", round(min))
                    .put("max", round(max)).put("spread", round(width()));
        }
    }

    /**
     * One metric of one combination against the first.
     *
     * @param band        the noise band (null when either side has a single run)
     * @param beyondNoise whether the medians differ by more than the band (null when there is no band)
     */
    record Difference(String metric, double difference, Double band, Boolean beyondNoise) {

        static Difference between(String metric, Spread first, Spread other) {
            double d = other.median() - first.median();
            if (first.n() < 2 || other.n() < 2) {
                return new Difference(metric, d, null, null);
            }
            double band = first.width() + other.width();
            return new Difference(metric, d, band, Math.abs(d) > band);
        }

        ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode().put("difference", round(difference));
            if (band == null) {
                o.putNull("band").putNull("beyondNoise");
            } else {
                o.put("band", round(band)).put("beyondNoise", beyondNoise);
            }
            return o;
        }
    }

    /** A combination's settings, runs and spreads, and how it compares with the first combination. */
    record Combination(List<String> settings, List<SweepRun> runs, Map<String, Spread> metrics,
                       List<Difference> vsFirst) {

        /** The metrics on which this combination differs from the first beyond the noise band. */
        List<String> differing() {
            return vsFirst.stream().filter(d -> Boolean.TRUE.equals(d.beyondNoise())).map(Difference::metric).toList();
        }

        /** Whether every compared metric is within the noise band (false when unjudged). */
        boolean withinNoise() {
            return !vsFirst.isEmpty() && vsFirst.stream().allMatch(d -> Boolean.FALSE.equals(d.beyondNoise()));
        }

        int exitCode() {
            return SweepExit.worst(runs.stream().map(SweepRun::exitCode).toList());
        }
    }

    private SweepStatistics() {
    }

    /** The number at a dotted path of a summary, or null when it has none. */
    static Double number(JsonNode summary, String path) {
        if (summary == null) {
            return null;
        }
        JsonNode n = summary.at("/" + path.replace('.', '/'));
        return n.isNumber() ? n.asDouble() : null;
    }

    /** Each combination's spreads, compared with the first combination's. */
    static List<Combination> of(List<List<String>> settings, List<List<SweepRun>> runs) {
        List<Combination> out = new ArrayList<>();
        Map<String, Spread> first = null;
        for (int c = 0; c < settings.size(); c++) {
            Map<String, Spread> metrics = new LinkedHashMap<>();
            for (String m : METRICS) {
                List<Double> values = runs.get(c).stream().map(r -> number(r.summary(), m))
                        .filter(v -> v != null && Double.isFinite(v)).toList();
                if (!values.isEmpty()) {
                    metrics.put(m, Spread.of(values));
                }
            }
            if (first == null) {
                first = metrics;
            }
            List<Difference> diffs = new ArrayList<>();
            if (c > 0) {
                for (Map.Entry<String, Spread> e : metrics.entrySet()) {
                    Spread f = first.get(e.getKey());
                    if (f != null) {
                        diffs.add(Difference.between(e.getKey(), f, e.getValue()));
                    }
                }
            }
            out.add(new Combination(settings.get(c), runs.get(c), metrics, diffs));
        }
        return out;
    }

    /** The {@code combinations} array of sweep.json. */
    static ArrayNode toJson(List<Combination> combos) {
        ArrayNode a = JSON.createArrayNode();
        for (Combination c : combos) {
            ObjectNode o = a.addObject();
            o.set("settings", settingsJson(c.settings()));
            o.put("runs", c.runs().size()).put("exitCode", c.exitCode());
            ObjectNode m = o.putObject("metrics");
            c.metrics().forEach((k, v) -> m.set(k, v.toJson()));
            if (!c.vsFirst().isEmpty()) {
                ObjectNode vs = o.putObject("vsFirst");
                c.vsFirst().forEach(d -> vs.set(d.metric(), d.toJson()));
                o.put("withinNoise", c.withinNoise());
                ArrayNode diff = o.putArray("differsBeyondNoise");
                c.differing().forEach(diff::add);
            }
        }
        return a;
    }

    /** The {@code noise} object of sweep.json: the definition and each metric's widest spread. */
    static ObjectNode noiseJson(List<Combination> combos, int repeat) {
        ObjectNode n = JSON.createObjectNode().put("definition", DEFINITION).put("repeat", repeat);
        n.put("judged", repeat >= 2);
        ObjectNode widest = n.putObject("widestSpread");
        for (String m : METRICS) {
            combos.stream().map(c -> c.metrics().get(m)).filter(s -> s != null && s.n() >= 2)
                    .mapToDouble(Spread::width).max().ifPresent(w -> widest.put(m, round(w)));
        }
        return n;
    }

    static ObjectNode settingsJson(List<String> settings) {
        ObjectNode o = JSON.createObjectNode();
        for (String s : settings) {
            int eq = s.indexOf('=');
            o.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return o;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}

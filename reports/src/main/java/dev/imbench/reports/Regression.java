package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The regression rule shared by {@code compare} and {@code run --baseline}: a
 * latency percentile (p50, p99, p99.9) that grew, or a throughput that fell, by
 * more than the tolerance regressed; so did any lost or unexpected message the
 * baseline did not have. The mirror image (a latency that fell, a throughput
 * that rose beyond the tolerance, fewer lost or unexpected messages) is an
 * improvement. Latency changes under 1 ms are noise and never count.
 */
public final class Regression {

    /** Latency differences below this many ms never count as a regression. */
    public static final double LATENCY_FLOOR_MS = 1.0;

    /**
     * One compared value.
     *
     * @param metric    dotted path in summary.json
     * @param baseline  the baseline's value
     * @param current   the other run's value
     * @param regressed whether it regressed beyond the tolerance
     * @param improved  whether it improved beyond the tolerance
     */
    public record Row(String metric, double baseline, double current, boolean regressed, boolean improved) {

        /** The relative change from the baseline (current / baseline − 1), NaN for a zero baseline. */
        public double change() {
            return baseline == 0 ? Double.NaN : current / baseline - 1;
        }
    }

    private Regression() {
    }

    /** Compares two summary.json trees. */
    public static List<Row> compare(JsonNode base, JsonNode current, double tolerance) {
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
                        c - b > LATENCY_FLOOR_MS && c > b * (1 + tolerance),
                        b - c > LATENCY_FLOOR_MS && c < b * (1 - tolerance)));
            }
        }
        for (String t : List.of("sendsPerSec", "deliveriesPerSec")) {
            if (base.path("throughput").has(t) && current.path("throughput").has(t)) {
                double b = base.path("throughput").path(t).asDouble();
                double c = current.path("throughput").path(t).asDouble();
                rows.add(new Row("throughput." + t, b, c, c < b * (1 - tolerance), c > b * (1 + tolerance)));
            }
        }
        for (String d : List.of("lost", "unexpected")) {
            double b = base.path("delivery").path(d).asDouble();
            double c = current.path("delivery").path(d).asDouble();
            rows.add(new Row("delivery." + d, b, c, c > b, c < b));
        }
        return List.copyOf(rows);
    }
}

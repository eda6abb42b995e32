package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency metric: the intervals of each tag added into one
 * histogram. Values in the log are microseconds; the digest is in milliseconds.
 *
 * @param corrected the intervals tagged {@code corrected} (from intended start)
 * @param raw       the intervals tagged {@code raw} (from actual send)
 */
public record LatencyDigest(Histogram corrected, Histogram raw) {

    /** The summary.json block: corrected percentiles in ms, and the raw ones beside them. */
    public ObjectNode toJson() {
        ObjectNode n = stats(corrected);
        n.put("unit", "ms").put("coCorrected", true);
        n.set("raw", stats(raw));
        return n;
    }

    /** Whether no sample fell in it. */
    public boolean isEmpty() {
        return corrected.getTotalCount() == 0 && raw.getTotalCount() == 0;
    }

    /** count, p50 p75 p90 p95 p99 p999 p9999 and max of a histogram (µs) in ms. */
    public static ObjectNode stats(Histogram h) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("count", h.getTotalCount());
        n.put("p50", ms(h, 50));
        n.put("p75", ms(h, 75));
        n.put("p90", ms(h, 90));
        n.put("p95", ms(h, 95));
        n.put("p99", ms(h, 99));
        n.put("p999", ms(h, 99.9));
        n.put("p9999", ms(h, 99.99));
        n.put("max", h.getTotalCount() == 0 ? 0.0 : round(h.getMaxValue() / 1000.0));
        return n;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}

package dev.imbench.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.LatencyLog;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency metric from its {@code .hlog} file: every interval
 * of each tag ({@code corrected}, {@code raw}) added into one histogram.
 * Values in the log are microseconds; the digest is in milliseconds.
 *
 * @param corrected the intervals tagged {@code corrected} (from intended start)
 * @param raw       the intervals tagged {@code raw} (from actual send)
 */
public record LatencyDigest(Histogram corrected, Histogram raw) {

    /** Reads an .hlog file (with the reports module's reader) and merges its intervals by tag. */
    public static LatencyDigest read(Path hlog) {
        LatencyLog log = LatencyLog.read(hlog, 0);
        return new LatencyDigest(LatencyLog.merge(log.corrected()), LatencyLog.merge(log.raw()));
    }

    /** The summary.json block: corrected percentiles in ms, and the raw ones beside them. */
    public ObjectNode toJson() {
        ObjectNode n = stats(corrected);
        n.put("unit", "ms").put("coCorrected", true);
        n.set("raw", stats(raw));
        return n;
    }

    private static ObjectNode stats(Histogram h) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("count", h.getTotalCount());
        n.put("p50", ms(h, 50));
        n.put("p90", ms(h, 90));
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

package dev.imbench.sim.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code generator.json}: the simulator judging itself, per phase (send actions
 * offered vs achieved, schedule lag) and for the run (CPU, GC, load average).
 */
final class GeneratorReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GeneratorReport() {
    }

    static void write(Path file, Map<String, Object> probe, PhaseBook phases, long originNanos, long endNanos)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", probe.get("cores"));
        m.put("loadAverage", probe.get("loadAverage"));
        List<Map<String, Object>> list = new ArrayList<>();
        List<PhaseBook.Span> spans = phases.spans(originNanos, endNanos);
        List<PhaseBook.Entry> entries = phases.entries();
        for (int i = 0; i < spans.size(); i++) {
            list.add(phase(spans.get(i), entries.get(i).load()));
        }
        m.put("phases", list);
        m.put("cpu", probe.get("cpu"));
        m.put("gc", probe.get("gc"));
        JSON.writeValue(file.toFile(), m);
    }

    private static Map<String, Object> phase(PhaseBook.Span span, PhaseBook.Load load) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", span.name());
        p.put("start", span.startMs());
        p.put("end", span.endMs());
        p.put("warmup", span.warmup());
        double seconds = Math.max(1, span.endMs() - span.startMs()) / 1000.0;
        p.put("offered", load.offered());
        p.put("achieved", load.achieved());
        p.put("offeredPerSec", round(load.offered() / seconds));
        p.put("achievedPerSec", round(load.achieved() / seconds));
        Histogram lag = load.lag();
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("count", lag.getTotalCount());
        l.put("p50", ms(lag, 50));
        l.put("p99", ms(lag, 99));
        l.put("max", lag.getTotalCount() == 0 ? 0.0 : round(lag.getMaxValue() / 1000.0));
        p.put("lag", l);
        return p;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}

package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code index.html} into a run directory: one self-contained page
 * (uPlot's script and style inlined from its WebJar, the run's data embedded
 * as JSON) that opens offline and makes no request.
 */
public final class ReportGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportGenerator() {
    }

    /** Reads the run directory and writes its index.html; returns the page's path. */
    public static Path write(Path runDir) {
        RunData data = RunReader.read(runDir);
        Path out = runDir.resolve("index.html");
        try {
            Files.writeString(out, render(data));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The page for a run. */
    public static String render(RunData data) {
        String title = data.summary().path("scenario").asText(data.run().path("scenario").asText("run"));
        return Pages.fill("/dev/imbench/reports/report.html", "imbench · " + title + " · " + data.dir().getFileName(),
                pageData(data));
    }

    /** The JSON the page draws from. */
    static ObjectNode pageData(RunData d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", d.dir().getFileName().toString());
        n.set("summary", d.summary());
        n.set("run", d.run());
        n.set("delivery", ReportSections.deliveryWithTextIds(d.delivery()));
        n.set("counters", d.counters());
        n.put("verdict", ReportSections.verdict(d.summary()));
        n.set("interruption", ReportSections.interruption(d.summary(), d.run()));
        n.set("statistics", ReportSections.statistics(d.summary(), d.delivery()));
        n.set("breakdowns", ReportSections.breakdowns(d.summary(), d.delivery()));
        n.set("clock", ReportSections.clock(d.run(), d.events()));
        List<String> problems = new ArrayList<>(d.problems());
        n.set("generator", RunReader.optionalJson(d.dir(), "generator.json", problems).orElse(null));
        n.set("serverMetrics", RunReader.serverMetrics(d.dir(), problems).map(p -> ServerMetricsView.of(p.samples())).orElse(null));
        ArrayNode events = n.putArray("events");
        d.events().forEach(events::add);
        ObjectNode series = n.putObject("series");
        for (Map.Entry<String, double[]> e : d.series().entrySet()) {
            ArrayNode a = series.putArray(e.getKey());
            for (double v : e.getValue()) {
                a.add(v);
            }
        }
        ObjectNode latency = n.putObject("latency");
        for (Map.Entry<String, LatencyLog> e : d.latency().entrySet()) {
            latency.set(e.getKey(), latencyNode(e.getValue()));
        }
        n.put("scenario", d.scenario());
        n.putArray("problems").addAll(problems.stream().map(n::textNode).toList());
        return n;
    }

    private static JsonNode latencyNode(LatencyLog log) {
        ObjectNode n = JSON.createObjectNode();
        n.set("corrected", intervals(log.corrected()));
        n.set("raw", intervals(log.raw()));
        ObjectNode warmup = n.putObject("warmup");
        warmup.set("corrected", intervals(log.warmupCorrected()));
        warmup.set("raw", intervals(log.warmupRaw()));
        n.set("timeline", ReportSections.timeline(log));
        ObjectNode spectrum = n.putObject("spectrum");
        spectrum.set("corrected", points(LatencyLog.spectrum(LatencyLog.merge(log.corrected()))));
        spectrum.set("raw", points(LatencyLog.spectrum(LatencyLog.merge(log.raw()))));
        return n;
    }

    private static ObjectNode intervals(List<LatencyLog.Interval> list) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode t = n.putArray("t");
        ArrayNode count = n.putArray("count");
        ArrayNode p50 = n.putArray("p50");
        ArrayNode p99 = n.putArray("p99");
        ArrayNode p999 = n.putArray("p999");
        ArrayNode max = n.putArray("max");
        for (LatencyLog.Interval i : list) {
            t.add(i.startSec());
            count.add(i.count());
            // An empty interval has no percentiles: leave a gap rather than draw a zero.
            if (i.count() == 0) {
                p50.addNull();
                p99.addNull();
                p999.addNull();
                max.addNull();
            } else {
                p50.add(i.p50());
                p99.add(i.p99());
                p999.add(i.p999());
                max.add(i.max());
            }
        }
        return n;
    }

    private static ArrayNode points(double[][] pts) {
        ArrayNode a = JSON.createArrayNode();
        for (double[] p : pts) {
            a.addArray().add(p[0]).add(p[1]);
        }
        return a;
    }
}

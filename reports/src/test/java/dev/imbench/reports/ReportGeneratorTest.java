package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneSelfContainedPageWithTheRunsData() throws Exception {
        Path run = GoldenRun.copyTo(dir);
        Path page = ReportGenerator.write(run);
        String html = Files.readString(page);
        assertTrue(html.contains("uPlot"), "uPlot is inlined");
        assertFalse(html.matches("(?s).*<script[^>]+src=.*"), "no external script");
        assertFalse(html.matches("(?s).*<link[^>]+href=.*"), "no external stylesheet");
        assertFalse(html.contains("/*DATA*/"), "data embedded");
        assertTrue(html.contains("\"latency\":{\"ack\""), "latency intervals embedded");
        assertTrue(html.contains("\"name\":\"3g\""), "the fault timeline is embedded for the bands");
    }

    @Test
    void shouldReadTheLatencyLogsIntervalByIntervalWithBothTags() throws Exception {
        RunData data = RunReader.read(GoldenRun.copyTo(dir));
        assertTrue(data.problems().isEmpty(), data.problems().toString());
        LatencyLog e2e = data.latency().get("e2e");
        assertFalse(e2e.corrected().isEmpty());
        assertEquals(e2e.corrected().size(), e2e.raw().size());
        long count = e2e.corrected().stream().mapToLong(LatencyLog.Interval::count).sum();
        assertEquals(data.summary().at("/latency/e2e/count").asLong(), count, "intervals add up to the summary");
        assertTrue(e2e.corrected().get(1).startSec() > e2e.corrected().get(0).startSec());
        double[][] spectrum = LatencyLog.spectrum(LatencyLog.merge(e2e.corrected()));
        for (int i = 1; i < spectrum.length; i++) {
            assertTrue(spectrum[i][0] >= spectrum[i - 1][0] && spectrum[i][1] >= spectrum[i - 1][1], "monotone spectrum");
        }
    }

    @Test
    void shouldBeReadableByHdrHistogramsOwnLogProcessor() throws Exception {
        Path run = GoldenRun.copyTo(dir);
        Path out = dir.resolve("e2e-processed");
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        try {
            new HistogramLogProcessor(new String[] {"-i", run.resolve("latency/e2e.hlog").toString(),
                "-o", out.toString(), "-tag", "corrected"}).run();
        } finally {
            System.setOut(old);
        }
        String processed = Files.readString(dir.resolve("e2e-processed"));
        String distribution = Files.readString(dir.resolve("e2e-processed.hgrm"));
        assertTrue(processed.lines().count() > 5, "one line per interval");
        assertTrue(distribution.replaceAll("\\s+", " ").contains("Total count = 3048"),
                distribution.lines().skip(Math.max(0, distribution.lines().count() - 4)).toList().toString());
    }

    @Test
    void shouldNameEachMissingOrMalformedFileAndStillRender() throws Exception {
        Path run = GoldenRun.copyTo(dir);
        Files.delete(run.resolve("summary.json"));
        Files.writeString(run.resolve("delivery.json"), "{\"attempted\": 3,");
        Files.writeString(run.resolve("latency/ack.hlog"), "this is not a histogram log\n1,2,3\n");
        RunData data = RunReader.read(run);
        assertTrue(data.problems().contains("summary.json is missing"), data.problems().toString());
        assertTrue(data.problems().stream().anyMatch(p -> p.startsWith("delivery.json is malformed")), data.problems().toString());
        assertTrue(data.problems().stream().anyMatch(p -> p.startsWith("latency/ack.hlog")), data.problems().toString());
        String html = Files.readString(ReportGenerator.write(run));
        assertTrue(html.contains("summary.json is missing"), "the page says what is missing");
    }

    @Test
    void shouldCarryTheSchemaTwoSectionsIntoThePage() throws Exception {
        RunData data = RunReader.read(GoldenRun.copyTo(GoldenRun.V2, dir));
        assertTrue(data.problems().isEmpty(), data.problems().toString());
        JsonNode page = ReportGenerator.pageData(data);
        assertEquals("inconclusive", page.get("verdict").asText());

        JsonNode stats = page.get("statistics");
        List<String> metrics = new ArrayList<>();
        stats.forEach(r -> metrics.add(r.get("metric").asText()));
        assertEquals(List.of("login", "ack", "e2e", "e2e.online", "e2e.offline", "pull", "drain", "lag"), metrics, "metrics in reading order");
        JsonNode ack = stats.get(1);
        for (String p : List.of("count", "p50", "p75", "p95", "p99", "p999", "max")) {
            assertEquals(data.summary().at("/latency/ack/" + p).asDouble(), ack.get(p).asDouble(), "ack " + p);
        }
        assertEquals(4, ack.get("errors").asLong(), "ack errors = attempted - acked");
        assertEquals(5, stats.get(2).get("errors").asLong(), "e2e errors = lost");
        assertEquals(data.summary().at("/latency/e2e/offline/p99").asDouble(), stats.get(4).get("p99").asDouble());

        JsonNode b = page.get("breakdowns");
        assertEquals(List.of("ramp", "warmup", "steady", "drain"), texts(b.get("phase"), "scope"));
        assertTrue(b.get("phase").get(1).get("warmup").asBoolean(), "the warm-up phase is marked in the breakdown");
        assertEquals(List.of("wifi", "3g"), texts(b.get("slice"), "scope"));
        assertEquals(List.of("before", "during", "after"), texts(b.get("fault"), "scope"));
        JsonNode during = b.get("fault").get(1);
        assertEquals("subway", during.get("fault").asText());
        assertEquals(5, during.at("/delivery/lost").asInt());
        assertEquals(data.summary().at("/fault/subway/during/latency/e2e/p99").asDouble(), during.at("/latency/e2e/p99").asDouble());
        assertEquals(data.summary().at("/phase/steady/throughput/sendsPerSec").asDouble(), b.get("phase").get(2).at("/throughput/sendsPerSec").asDouble());

        JsonNode clock = page.get("clock");
        assertEquals("run.json", clock.get("faultSource").asText(), "faults on the run clock from run.json");
        assertEquals(10000, clock.at("/faults/0/start").asLong());
        assertEquals(14000, clock.at("/faults/0/end").asLong());
        assertEquals(6000, clock.get("faultOriginMs").asLong(), "a fault's at: counts from the first measured phase, after the warm-up");
        assertTrue(clock.at("/phases/1/warmup").asBoolean(), "the warm-up phase is flagged for the grey band");

        assertEquals(2, page.at("/generator/cores").asInt(), "generator.json is embedded");
        JsonNode nodes = page.at("/serverMetrics/nodes");
        assertEquals(List.of("gate-1", "logic-1"), texts(nodes, "node"));
        JsonNode store = null;
        for (JsonNode t : nodes.get(1).get("timers")) {
            if (t.get("name").asText().equals("store latency")) {
                store = t;
            }
        }
        assertNotNull(store, "the logic node's store latency: " + nodes.get(1));
        assertEquals(5400, store.get("count").asLong());
        assertEquals("ms", store.get("unit").asText());
        assertTrue(store.get("p99").asDouble() >= store.get("p50").asDouble() && store.get("p99").asDouble() <= store.get("max").asDouble(), store.toString());
        assertTrue(texts(nodes.get(0).get("queues"), "name").contains("backpressure events"), nodes.get(0).toString());
        JsonNode glance = page.at("/serverMetrics/glance");
        assertEquals(List.of("gate-1", "logic-1"), texts(glance, "node"), "each node's key figures beside the statistics");
        assertEquals(200, glance.at("/0/connections").asInt());
        assertEquals(37, glance.at("/0/backpressure").asInt());
        assertTrue(glance.at("/0/storeP99").isNull(), "a gate stores nothing: no store figure, not a zero");
        assertEquals(store.get("p99").asDouble(), glance.at("/1/storeP99").asDouble(), "the logic node's store p99 bound");

        assertEquals("9007199254740993", page.at("/delivery/examples/lost/0/msg").textValue(),
                "a message id reaches the page digit for digit, as text");
        String html = ReportGenerator.render(data);
        assertTrue(html.contains("\"msg\":\"9007199254740993\""), "the id is embedded as a string");
    }

    @Test
    void shouldKeepWarmUpSamplesOutOfTheMeasuredIntervals() throws Exception {
        RunData data = RunReader.read(GoldenRun.copyTo(GoldenRun.V2, dir));
        LatencyLog ack = data.latency().get("ack");
        long measured = ack.corrected().stream().mapToLong(LatencyLog.Interval::count).sum();
        long warm = ack.warmupCorrected().stream().mapToLong(LatencyLog.Interval::count).sum();
        assertEquals(data.summary().at("/latency/ack/count").asLong(), measured, "corrected holds the measured samples only");
        assertEquals(data.summary().at("/warmup/samples").asLong(), warm, "the warm-up intervals are read apart");
        assertEquals(ack.warmupCorrected().size(), ack.warmupRaw().size());
        JsonNode timeline = ReportGenerator.pageData(data).at("/latency/ack/timeline");
        for (int i = 0; i < timeline.get("t").size(); i++) {
            double t = timeline.get("t").get(i).asDouble();
            boolean inWarmup = t >= 2 && t < 6;
            assertEquals(inWarmup, !timeline.get("warmupP99").get(i).isNull(), "warm-up p99 only in the warm-up, t = " + t);
            assertEquals(inWarmup, timeline.get("p99").get(i).isNull(), "measured p99 only outside it, t = " + t);
        }
    }

    @Test
    void shouldDegradeOnASchemaOneRunWithoutInventingSections() throws Exception {
        JsonNode page = ReportGenerator.pageData(RunReader.read(GoldenRun.copyTo(dir)));
        assertEquals("passed", page.get("verdict").asText(), "schema 1: from passed/exitCode");
        assertFalse(page.at("/interruption/interrupted").asBoolean());
        assertTrue(page.at("/statistics/1/p75").isNull(), "schema 1 has no p75: " + page.at("/statistics/1"));
        assertEquals(28.943, page.at("/statistics/1/p99").asDouble(), "ack p99 from summary.json");
        assertEquals(0, page.at("/breakdowns/phase").size());
        assertEquals(0, page.at("/breakdowns/fault").size());
        assertTrue(page.get("generator").isNull(), "no generator.json: not measured");
        assertTrue(page.get("serverMetrics").isNull(), "no server-metrics.prom: not measured");
        JsonNode clock = page.get("clock");
        assertEquals("events.jsonl", clock.get("faultSource").asText());
        assertEquals(List.of("3g", "gate-1"), texts(clock.get("faults"), "name"));
        assertEquals(4000, clock.at("/faults/0/start").asLong());
        assertEquals(9000, clock.at("/faults/0/end").asLong());
        assertEquals(12500, clock.at("/faults/1/end").asLong());
    }

    @Test
    void shouldTellAnInterruptedRunAndWhen() throws Exception {
        Path run = GoldenRun.copyTo(GoldenRun.V2, dir);
        interrupt(run, 12345);
        JsonNode page = ReportGenerator.pageData(RunReader.read(run));
        assertEquals("interrupted", page.get("verdict").asText());
        assertTrue(page.at("/interruption/interrupted").asBoolean());
        assertEquals(12345, page.at("/interruption/atMs").asLong());
    }

    /** Rewrites a golden run as one SIGINT stopped at {@code atMs}, as the contract describes it. */
    static void interrupt(Path run, long atMs) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = (ObjectNode) json.readTree(run.resolve("summary.json").toFile());
        summary.put("verdict", "interrupted").put("passed", false).put("exitCode", 130).put("interrupted", true).put("interruptedAt", atMs);
        json.writeValue(run.resolve("summary.json").toFile(), summary);
        ObjectNode r = (ObjectNode) json.readTree(run.resolve("run.json").toFile());
        r.put("interrupted", true).put("interruptedAt", atMs);
        json.writeValue(run.resolve("run.json").toFile(), r);
    }

    @Test
    void shouldNameAMalformedOptionalFileButNotAnAbsentOne() throws Exception {
        Path run = GoldenRun.copyTo(GoldenRun.V2, dir);
        Files.writeString(run.resolve("generator.json"), "{\"cores\": ");
        Files.writeString(run.resolve("server-metrics.prom"), "imbench_connections{gate=\"g1\"} 3\nthis is not a sample\n");
        JsonNode page = ReportGenerator.pageData(RunReader.read(run));
        List<String> problems = texts(page.get("problems"), null);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("generator.json is malformed")), problems.toString());
        assertTrue(problems.contains("server-metrics.prom:2 is not a Prometheus sample; skipped"), problems.toString());
        assertEquals(3, page.at("/serverMetrics/nodes/0/load/0/value").asInt(), "the readable sample is kept");
        Files.delete(run.resolve("generator.json"));
        Files.delete(run.resolve("server-metrics.prom"));
        assertEquals(List.of(), texts(ReportGenerator.pageData(RunReader.read(run)).get("problems"), null), "absent optional files are no problem");
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }

    @Test
    void shouldRefuseADirectoryThatDoesNotExist() {
        assertThrows(IllegalArgumentException.class, () -> RunReader.read(dir.resolve("nope")));
    }
}

package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareAndMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldFindNoRegressionBetweenARunAndItself() throws Exception {
        Path a = GoldenRun.copyTo(dir.resolve("a"));
        Path b = GoldenRun.copyTo(dir.resolve("b"));
        Comparison c = Comparison.of(List.of(a, b), 0.2);
        assertTrue(c.passed());
        Path page = c.write(dir.resolve("cmp"));
        assertTrue(Files.readString(page).contains("uPlot"));
        assertTrue(JSON.readTree(dir.resolve("cmp/compare.json").toFile()).get("passed").asBoolean());
    }

    @Test
    void shouldFlagALatencyRegressionAndALoss() throws Exception {
        Path a = GoldenRun.copyTo(dir.resolve("a"));
        Path b = GoldenRun.copyTo(dir.resolve("b"));
        ObjectNode s = (ObjectNode) JSON.readTree(b.resolve("summary.json").toFile());
        ((ObjectNode) s.at("/latency/e2e")).put("p99", 500.0);
        ((ObjectNode) s.get("delivery")).put("lost", 2);
        JSON.writeValue(b.resolve("summary.json").toFile(), s);
        Comparison c = Comparison.of(List.of(a, b), 0.2);
        assertFalse(c.passed());
        List<String> regressed = c.rows().get(0).stream().filter(Regression.Row::regressed).map(Regression.Row::metric).toList();
        assertEquals(List.of("latency.e2e.p99", "delivery.lost"), regressed);
    }

    @Test
    void shouldRefuseFewerThanTwoRunsAndJudgeARunWithoutSummaryFromItsFiles() throws Exception {
        Path a = GoldenRun.copyTo(dir.resolve("a"));
        assertThrows(IllegalArgumentException.class, () -> Comparison.of(List.of(a), 0.2));
        assertThrows(IllegalArgumentException.class, () -> Comparison.of(List.of(a, dir.resolve("nope")), 0.2));
        Path b = GoldenRun.copyTo(dir.resolve("b"));
        Files.delete(b.resolve("summary.json"));
        Comparison c = Comparison.of(List.of(a, b), 0.2);
        assertEquals("passed", c.verdict(1), "judged by the runner's own judge");
        assertEquals(2, c.summaries().get(1).get("schema").asInt());
        assertFalse(Files.exists(b.resolve("summary.json")), "compare reads, it writes nothing into a run");
        Files.writeString(b.resolve("delivery.json"), "{");
        assertTrue(Comparison.of(List.of(a, b), 0.2).broken());
    }

    @Test
    void shouldLabelEachRunByWhatDiffersAndWarnAboutItselfOrAnotherScenario() throws Exception {
        Path a = GoldenRun.copyTo(dir.resolve("a"));
        Path b = GoldenRun.copyTo(dir.resolve("b"));
        Files.writeString(b.resolve("scenario.yaml"), Files.readString(b.resolve("scenario.yaml"))
                .replace("clients: 200", "clients: 400").replace("fanout: write", "fanout: read"));
        ObjectNode run = (ObjectNode) JSON.readTree(b.resolve("run.json").toFile());
        run.put("seed", 9).put("startedAt", 1).put("command", "./imbench run c2c --set clients=400 --set fanout=read --seed 9");
        JSON.writeValue(b.resolve("run.json").toFile(), run);
        Comparison c = Comparison.of(List.of(a, b), 0.2);
        assertEquals(List.of("baseline", "population.clients=400, server.fanout=read, seed 9"), c.labels());
        assertEquals(List.of(), c.warnings());

        Comparison self = Comparison.of(List.of(a, a), 0.2);
        assertEquals("same scenario and seed (a repeat)", self.labels().get(1));
        assertTrue(self.warnings().get(0).contains("compared with itself"), self.warnings().toString());

        run.put("scenario", "group-fanout");
        JSON.writeValue(b.resolve("run.json").toFile(), run);
        assertTrue(Comparison.of(List.of(a, b), 0.2).warnings().get(0).contains("runs scenario group-fanout, the baseline runs c2c"));
        String html = Files.readString(Comparison.of(List.of(a, b), 0.2).write(dir.resolve("cmp")));
        assertTrue(html.contains("different workloads"), "the page carries the warning");
    }

    @Test
    void shouldMarkImprovementsAsWellAsRegressions() throws Exception {
        Path a = GoldenRun.copyTo(dir.resolve("a"));
        Path b = GoldenRun.copyTo(dir.resolve("b"));
        ObjectNode s = (ObjectNode) JSON.readTree(b.resolve("summary.json").toFile());
        ((ObjectNode) s.at("/latency/login")).put("p99", 20.0);
        ((ObjectNode) s.get("throughput")).put("sendsPerSec", 400.0);
        JSON.writeValue(b.resolve("summary.json").toFile(), s);
        Comparison c = Comparison.of(List.of(a, b), 0.2);
        assertTrue(c.passed());
        assertEquals(List.of("latency.login.p99", "throughput.sendsPerSec"),
                c.rows().get(0).stream().filter(Regression.Row::improved).map(Regression.Row::metric).toList());
        JsonNode row = c.toJson().at("/runs/0/rows").findParents("metric").stream()
                .filter(r -> r.get("metric").asText().equals("throughput.sendsPerSec")).findFirst().orElseThrow();
        assertTrue(row.get("improved").asBoolean());
    }

    @Test
    void shouldKeepTheWarmUpApartWhenMergingShards() throws Exception {
        Path a = GoldenRun.copyTo(GoldenRun.V2, dir.resolve("a"));
        Path b = GoldenRun.copyTo(GoldenRun.V2, dir.resolve("b"));
        ShardLedgers.empty(a, 0, 2);
        ShardLedgers.empty(b, 1, 2);
        ShardMerger.merge(List.of(a, b), dir.resolve("merged"));
        LatencyLog one = RunReader.read(a).latency().get("ack");
        LatencyLog merged = RunReader.read(dir.resolve("merged")).latency().get("ack");
        assertEquals(2 * count(one.corrected()), count(merged.corrected()), "measured samples only");
        assertEquals(2 * count(one.warmupCorrected()), count(merged.warmupCorrected()), "warm-up samples stay tagged as such");
        assertEquals(2 * count(one.warmupRaw()), count(merged.warmupRaw()));
    }

    private static long count(List<LatencyLog.Interval> intervals) {
        return intervals.stream().mapToLong(LatencyLog.Interval::count).sum();
    }

    @Test
    void shouldSumTwoShardsMeasurementsIntoOneRun() throws Exception {
        Path a = GoldenRun.copyTo(dir.resolve("a"));
        Path b = GoldenRun.copyTo(dir.resolve("b"));
        ShardLedgers.empty(a, 0, 2);
        ShardLedgers.empty(b, 1, 2);
        Path merged = dir.resolve("merged");
        ShardMerger.merge(List.of(a, b), merged);
        RunData m = RunReader.read(merged);
        RunData one = RunReader.read(a);
        assertEquals("valid", m.delivery().get("verdict").asText());
        assertEquals(0, m.delivery().get("delivered").asLong(), "delivery comes from the ledgers (empty here), not summed");
        assertEquals(2 * one.counters().get("connects").asLong(), m.counters().get("connects").asLong());
        long oneCount = one.latency().get("e2e").corrected().stream().mapToLong(LatencyLog.Interval::count).sum();
        long mergedCount = m.latency().get("e2e").corrected().stream().mapToLong(LatencyLog.Interval::count).sum();
        assertEquals(2 * oneCount, mergedCount, "histograms merged interval by interval");
        assertEquals(2 * one.series().get("online")[3], m.series().get("online")[3]);
        assertTrue(m.problems().stream().allMatch(p -> p.startsWith("summary.json")), m.problems().toString());
        assertTrue(Files.readString(merged.resolve("events.jsonl")).contains("\"shard\":\"b\""));
        assertThrows(IllegalArgumentException.class, () -> ShardMerger.merge(List.of(a, b), merged),
                "refuses to overwrite a run");
    }

    @Test
    void shouldRefuseToSumRunsThatAreNotShardsOfOneRun() throws Exception {
        Path a = GoldenRun.copyTo(dir.resolve("a"));
        Path b = GoldenRun.copyTo(dir.resolve("b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShardMerger.merge(List.of(a, b), dir.resolve("m")));
        assertTrue(e.getMessage().contains("has no ledger.bin"), e.getMessage());
    }
}

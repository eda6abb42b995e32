package dev.imbench.reports.summary;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summary.json schema 2 and its verdict, from hand-made run directories that follow the contract. */
class JudgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Judge.Outcome judge(RunDirFixture f) throws Exception {
        return Judge.judge(f.writeTo(tmp.resolve("run")));
    }

    private JsonNode written() throws Exception {
        return JSON.readTree(tmp.resolve("run/summary.json").toFile());
    }

    @Test
    void shouldPassAndBreakLatencyDownByPhaseSliceFaultAndPath() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture());
        assertEquals(Verdict.PASSED, o.verdict(), o.line());
        JsonNode s = written();
        assertEquals(2, s.get("schema").asInt());
        assertEquals("passed", s.get("verdict").asText());
        assertTrue(s.get("passed").asBoolean());
        assertEquals(0, s.get("exitCode").asInt());
        // whole run: the warm-up's 50 ms samples are excluded, 200 each of 10, 200 and 20 ms remain
        assertEquals(600, s.at("/latency/e2e/count").asLong());
        assertEquals(20.0, s.at("/latency/e2e/p50").asDouble(), 0.1);
        assertEquals(200.0, s.at("/latency/e2e/p75").asDouble(), 0.5);
        assertEquals(200.0, s.at("/latency/e2e/p95").asDouble(), 0.5);
        assertEquals(100.0, s.at("/latency/e2e/raw/p95").asDouble(), 0.5, "raw kept beside corrected");
        assertEquals(10, s.at("/latency/e2e/offline/count").asLong());
        assertEquals(3000.0, s.at("/latency/e2e/offline/p50").asDouble(), 5);
        assertEquals(600, s.at("/latency/e2e/online/count").asLong());
        assertFalse(s.at("/latency").has("lag"), "schedule lag is the generator's, not a latency");
        // by phase
        assertEquals(200, s.at("/phase/warmup/latency/e2e/count").asLong());
        assertEquals(50.0, s.at("/phase/warmup/latency/e2e/p50").asDouble(), 0.1);
        assertTrue(s.at("/phase/warmup/warmup").asBoolean());
        assertEquals(600, s.at("/phase/steady/latency/e2e/count").asLong());
        assertEquals(600, s.at("/phase/steady/delivery/acked").asLong());
        // 6 s of steady: the row it shares with the warm-up is split by time; the last row, shared with the
        // drain (no load of its own), stays whole with the steady phase: (40 + 5 x 80 + 40) / 6 s.
        assertEquals(80.0, s.at("/phase/steady/throughput/c2cPerSec").asDouble(), 0.01);
        assertEquals(20.0, s.at("/phase/steady/throughput/c2gPerSec").asDouble(), 0.01);
        assertEquals(40.0, s.at("/phase/drain/throughput/c2cPerSec").asDouble(), 0.01,
                "asked for itself, the drain's half second shares the row with the steady phase by time");
        // by fault window
        assertEquals(10.0, s.at("/fault/subway/before/latency/e2e/p99").asDouble(), 0.1);
        assertEquals(200.0, s.at("/fault/subway/during/latency/e2e/p50").asDouble(), 0.5);
        assertEquals(20.0, s.at("/fault/subway/after/latency/e2e/p50").asDouble(), 0.1);
        assertEquals(200, s.at("/fault/subway/during/delivery/delivered").asLong());
        assertEquals(4500, s.at("/fault/subway/start").asLong());
        // by slice
        assertEquals(100.0, s.at("/slice/3g/latency/e2e/p50").asDouble(), 0.1);
        assertEquals(120, s.at("/slice/3g/delivery/delivered").asLong());
        // warm-up and per-kind throughput
        assertEquals("warmup", s.at("/warmup/phases/0").asText());
        assertTrue(s.at("/warmup/excluded").asBoolean());
        assertTrue(s.at("/warmup/samples").asLong() >= 400, "e2e, e2e-online and ack warm-up samples");
        assertEquals(80.0, s.at("/throughput/c2cPerSec").asDouble(), 0.01);
        assertEquals(100.0, s.at("/throughput/sendsPerSec").asDouble(), 0.01, "600 acked in the 6 s steady phase");
        assertEquals(100.0, s.at("/throughput/offeredPerSec").asDouble(), 0.01);
        // generator
        assertTrue(s.at("/generator/measured").asBoolean());
        assertFalse(s.at("/generator/bound").asBoolean());
        assertEquals(1.0, s.at("/generator/achievedFraction").asDouble());
        assertEquals(0.31, s.at("/generator/cpu/fractionOfMachine").asDouble());
        assertEquals(7, s.at("/generator/gc/maxPauseMs").asLong());
        assertTrue(s.get("baseline").isNull());
        assertFalse(s.get("interrupted").asBoolean());
    }

    @Test
    void shouldJudgeScopedSlosWithTheirUnits() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture().slo("fault.subway.during.latency.e2e.p99 < 100ms",
                "phase.steady.throughput.c2cPerSec >= 50", "slice.3g.latency.e2e.p95 < 2s", "latency.e2e.online.p75 < 300ms"));
        assertEquals(Verdict.FAILED, o.verdict());
        JsonNode slo = written().get("slo");
        assertEquals("failed", slo.get(0).get("status").asText());
        assertEquals("200.063 ms", slo.get(0).get("actualText").asText());
        assertEquals("ms", slo.get(0).get("unit").asText());
        assertEquals("passed", slo.get(1).get("status").asText());
        assertEquals("80/s", slo.get(1).get("actualText").asText());
        assertEquals("passed", slo.get(2).get("status").asText());
        assertEquals("passed", slo.get(3).get("status").asText());
        assertEquals("FAILED: delivery valid, 1 of 4 SLOs failed", o.line());
    }

    @Test
    void shouldJudgeAFaultsTimeToRecoverAndFailOneThatNeverRecovered() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture().slo("fault.subway.recovery.backlogMs < 1s",
                "fault.subway.recovery.firstAckMs < 100ms", "fault.subway.recovery.backlogMs < 500ms"));
        JsonNode slo = written().get("slo");
        assertEquals("passed", slo.get(0).get("status").asText(), slo.toString());
        assertEquals("900 ms", slo.get(0).get("actualText").asText());
        assertEquals("passed", slo.get(1).get("status").asText());
        assertEquals("failed", slo.get(2).get("status").asText());
        assertEquals(Verdict.FAILED, o.verdict());

        o = judge(new RunDirFixture().firstAckAfterFault(-1).slo("fault.subway.recovery.firstAckMs < 10s"));
        slo = written().get("slo");
        assertEquals("failed", slo.get(0).get("status").asText(), "-1 is no ack after the fault, not a fast one: " + slo);
        assertTrue(slo.get(0).toString().contains("not recovered"), slo.toString());
        assertEquals(Verdict.FAILED, o.verdict());
    }

    @Test
    void shouldCallAGeneratorBoundRunInconclusiveAndNotJudgeItsLatencySlos() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture().achieved(0.6).slo("latency.e2e.p99 < 1ms", "delivery.lost == 0"));
        assertEquals(Verdict.INCONCLUSIVE, o.verdict(), "a latency SLO that would fail is not a failure: the number is the generator's");
        JsonNode s = written();
        assertEquals(3, s.get("exitCode").asInt());
        assertFalse(s.get("passed").asBoolean());
        assertTrue(s.at("/generator/bound").asBoolean());
        assertTrue(s.at("/generator/why").asText().contains("phase steady sent 360 of the 600 sends it offered (60.0 %, below 95 %)"),
                s.at("/generator/why").asText());
        assertEquals("inconclusive", s.at("/slo/0/status").asText());
        assertEquals("passed", s.at("/slo/1/status").asText(), "a delivery SLO is still judged");
        assertTrue(o.line().startsWith("INCONCLUSIVE: ") && o.line().contains("generator-bound"), o.line());
    }

    @Test
    void shouldCallARunBoundByScheduleLag() throws Exception {
        judge(new RunDirFixture().lag(250));
        JsonNode g = written().get("generator");
        assertTrue(g.get("bound").asBoolean());
        assertTrue(g.get("why").asText().contains("schedule lag p99 250 ms (above 100 ms)"), g.get("why").asText());
        assertEquals(250.0, g.get("lagP99Ms").asDouble(), 0.5);
    }

    @Test
    void shouldGiveEachFaultWindowItsErrorsDisconnectsReconnectsAndTimeToRecover() throws Exception {
        judge(new RunDirFixture());
        JsonNode f = written().path("fault").path("subway");
        assertEquals("{}", f.at("/before/errors").toString());
        assertEquals("{\"ERR_STORE_FAILED\":2}", f.at("/during/errors").toString(), "by the second they came in");
        assertEquals("{\"ERR_OVERLOADED\":1}", f.at("/after/errors").toString());
        assertEquals(0, f.at("/before/disconnects").asLong());
        assertEquals(6, f.at("/during/disconnects").asLong());
        assertEquals(10, f.at("/during/reconnects").asLong());
        assertEquals(0, f.at("/after/reconnects").asLong());
        assertEquals(40, f.at("/recovery/firstAckMs").asLong());
        assertEquals(900, f.at("/recovery/backlogMs").asLong());
        assertEquals(200, f.at("/recovery/backlogMessages").asLong());
    }

    @Test
    void shouldNameTheAckedMessagesThatWereLostInTheVerdict() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture().lost(4));
        assertEquals(Verdict.FAILED, o.verdict());
        assertTrue(o.line().contains("delivery invalid (4 acked messages lost: msg 12884901889 u3->u4 acked at 5.0 s,"
                + " msg 12884901890 u3->u4 acked at 5.0 s, msg 12884901891 u3->u4 acked at 5.0 s, …)"), o.line());
        assertEquals(4, written().at("/delivery/lostExamples").size());
        assertEquals(12884901892L, written().at("/delivery/lostExamples/3/msg").asLong());
    }

    @Test
    void shouldFailABoundRunThatAlsoLostMessages() throws Exception {
        assertEquals(Verdict.FAILED, judge(new RunDirFixture().achieved(0.5).lost(3)).verdict());
    }

    @Test
    void shouldJudgeNothingAsPassedInAnInterruptedRun() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture().interrupted().slo("delivery.lost == 0"));
        assertEquals(Verdict.INTERRUPTED, o.verdict());
        JsonNode s = written();
        assertEquals(130, s.get("exitCode").asInt());
        assertTrue(s.get("interrupted").asBoolean());
        assertEquals(7200, s.get("interruptedAt").asLong());
        assertEquals("not judged", s.at("/slo/0/status").asText());
        assertFalse(s.at("/slo/0/passed").asBoolean());
        assertEquals("INTERRUPTED at t = 7.2 s: nothing judged (delivery incomplete)", o.line());
    }

    @Test
    void shouldCallARunWithAMalformedDeliveryFileBroken() throws Exception {
        Path dir = new RunDirFixture().writeTo(tmp.resolve("run"));
        Files.writeString(dir.resolve("delivery.json"), "{\"attempted\": ");
        Judge.Outcome o = Judge.judge(dir);
        assertEquals(Verdict.BROKEN, o.verdict());
        JsonNode s = written();
        assertEquals(2, s.get("exitCode").asInt());
        assertEquals("broken", s.get("verdict").asText());
        assertTrue(s.get("why").asText().startsWith("delivery.json is malformed"), s.get("why").asText());
        assertTrue(Files.readString(dir.resolve("junit.xml")).contains("<error message=\"delivery.json is malformed"));
    }

    @Test
    void shouldPutTheBaselineRegressionAndImprovementsIntoTheSummary() throws Exception {
        Path base = tmp.resolve("base.json");
        Files.writeString(base, """
                {"latency": {"e2e": {"p50": 10, "p99": 100, "p999": 200}, "ack": {"p50": 9, "p99": 9, "p999": 9}},
                 "throughput": {"sendsPerSec": 100, "deliveriesPerSec": 100}, "delivery": {"lost": 0, "unexpected": 0}}
                """);
        Judge.Outcome o = judge(new RunDirFixture().baseline(base));
        assertEquals(Verdict.FAILED, o.verdict(), o.line());
        JsonNode b = written().get("baseline");
        assertFalse(b.get("passed").asBoolean());
        assertEquals(List.of("latency.e2e.p50", "latency.e2e.p99"), metrics(b.get("regressions")));
        assertEquals(List.of("latency.ack.p50", "latency.ack.p99", "latency.ack.p999"), metrics(b.get("improvements")));
        assertEquals("FAILED: delivery valid, 0 of 2 SLOs failed, baseline REGRESSED (2 values)", o.line());
        String junit = Files.readString(tmp.resolve("run/junit.xml"));
        assertTrue(junit.contains("<testcase classname=\"imbench.baseline\" name=\"latency.e2e.p99\">"), junit);
        assertTrue(junit.contains("latency.e2e.p99: baseline 100 ms, now 200.063 ms (tolerance 20 %)"), junit);
    }

    @Test
    void shouldCallAMissingBaselineBroken() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture().baseline(tmp.resolve("nowhere")));
        assertEquals(Verdict.BROKEN, o.verdict());
        assertTrue(written().at("/baseline/error").asText().contains("does not exist"));
    }

    @Test
    void shouldReadAnOlderRunWithoutGeneratorHealthAsMeasuredNothingRatherThanInconclusive() throws Exception {
        Judge.Outcome o = judge(new RunDirFixture().withoutGenerator());
        assertEquals(Verdict.PASSED, o.verdict(), o.line());
        JsonNode g = written().get("generator");
        assertFalse(g.get("measured").asBoolean());
        assertFalse(g.get("bound").asBoolean());
        assertTrue(g.get("why").asText().startsWith("not measured"));
        assertTrue(Files.readString(tmp.resolve("run/junit.xml")).contains("<skipped message=\"not measured"));
    }

    @Test
    void shouldJudgeTheSchemaOneGoldenRunByItsScenarioSlos() throws Exception {
        Path dir = GoldenDirs.copy("golden-run", tmp.resolve("golden"));
        Judge.Outcome o = Judge.judge(dir);
        assertEquals(Verdict.PASSED, o.verdict(), o.line());
        JsonNode s = written(dir);
        assertEquals(3, s.get("slo").size(), "delivery.lost, delivery.unexpected and the e2e p99 from scenario.yaml");
        assertEquals(28.879, s.at("/latency/e2e/p99").asDouble(), 0.001, "the same figure as the runner wrote then");
        assertEquals(200, s.at("/clients/target").asLong());
        assertEquals(4000, s.at("/fault/3g/start").asLong(), "a fault from events.jsonl");
        assertTrue(s.at("/phase/steady/latency/e2e/count").asLong() > 0);
        assertFalse(s.at("/generator/measured").asBoolean());
    }

    @Test
    void shouldWriteOneJunitCasePerSloDeliveryBaselineValueAndGenerator() throws Exception {
        judge(new RunDirFixture().slo("latency.e2e.p99 < 1ms", "delivery.lost == 0"));
        String x = Files.readString(tmp.resolve("run/junit.xml"));
        assertEquals(4, x.split("<testcase ").length - 1, x);
        assertTrue(x.contains("tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"0\""), x);
        assertTrue(x.contains("<failure message=\"actual 200.063 ms, expected latency.e2e.p99 &lt; 1ms\""), x);
        assertTrue(x.contains("<property name=\"verdict\" value=\"failed\"/>"), x);
    }

    private static JsonNode written(Path dir) throws Exception {
        return JSON.readTree(dir.resolve("summary.json").toFile());
    }

    private static List<String> metrics(JsonNode rows) {
        List<String> out = new java.util.ArrayList<>();
        rows.forEach(r -> out.add(r.get("metric").asText()));
        return out;
    }
}

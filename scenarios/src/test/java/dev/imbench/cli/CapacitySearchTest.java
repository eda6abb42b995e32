package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.summary.Slo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/** The capacity search against made-up systems: where it probes, what it answers, which exit code. */
class CapacitySearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Double> asked = new ArrayList<>();

    private CapacitySearch.Result search(double from, double to, int steps, DoubleFunction<CapacitySearch.Verdict> system) {
        return CapacitySearch.search("rate", "latency.e2e.p99 < 200ms", from, to, steps, v -> {
            asked.add(v);
            CapacitySearch.Verdict verdict = system.apply(v);
            return new CapacitySearch.Probe(v, verdict, v * 0.98, verdict == CapacitySearch.Verdict.INCONCLUSIVE, List.of());
        });
    }

    private static CapacitySearch.Verdict holdsUpTo(double limit, double v) {
        return v <= limit ? CapacitySearch.Verdict.PASS : CapacitySearch.Verdict.FAIL;
    }

    @Test
    void shouldBracketTheCapacityByBisection() {
        CapacitySearch.Result r = search(10, 90, 6, v -> holdsUpTo(37, v));
        assertEquals(List.of(10.0, 90.0, 50.0, 30.0, 40.0, 35.0), asked);
        assertEquals(35.0, r.highestPassing().orElseThrow());
        assertEquals(40.0, r.lowestFailing().orElseThrow());
        assertTrue(r.bracketed());
        assertEquals(CapacitySearch.Outcome.BRACKETED, r.outcome());
        assertEquals(0, r.outcome().exitCode);
        JsonNode j = r.toJson();
        assertEquals(35.0, j.get("highestPassing").asDouble());
        assertEquals(40.0, j.get("lowestFailing").asDouble());
        assertTrue(j.get("bracketed").asBoolean());
        assertFalse(j.get("generatorBound").asBoolean());
        assertEquals(88.2, j.at("/probes/1/achieved").asDouble(), 1e-9, "achieved beside asked");
        assertEquals(90.0, j.at("/probes/1/asked").asDouble());
        assertEquals(0.98, j.at("/probes/1/achievedFraction").asDouble(), 1e-9);
        assertTrue(r.answer().contains("rate 35 meets") && r.answer().contains("rate 40 does not"), r.answer());
    }

    @Test
    void shouldSayWhenEveryProbePassed() {
        CapacitySearch.Result r = search(10, 90, 6, v -> CapacitySearch.Verdict.PASS);
        assertEquals(List.of(10.0, 90.0), asked, "once --to passes there is nothing left to search");
        assertFalse(r.bracketed());
        assertEquals(CapacitySearch.Outcome.ABOVE_RANGE, r.outcome());
        assertEquals(4, r.toJson().get("exitCode").asInt());
        assertTrue(r.toJson().get("lowestFailing").isNull());
        assertEquals("above-range", r.toJson().get("outcome").asText());
        assertTrue(r.answer().startsWith("not bracketed: every probe passed"), r.answer());
    }

    @Test
    void shouldSayWhenTheLowestValueFails() {
        CapacitySearch.Result r = search(10, 90, 6, v -> CapacitySearch.Verdict.FAIL);
        assertEquals(List.of(10.0), asked);
        assertEquals(CapacitySearch.Outcome.BELOW_RANGE, r.outcome());
        assertEquals(1, r.outcome().exitCode);
        assertTrue(r.toJson().get("highestPassing").isNull());
        assertTrue(r.answer().contains("not bracketed") && r.answer().contains("already fails"), r.answer());
    }

    @Test
    void shouldTreatAGeneratorBoundProbeAsNeitherPassNorFail() {
        // the server would hold 100, but this machine cannot offer more than 59
        CapacitySearch.Result r = search(10, 90, 6, v -> v >= 60 ? CapacitySearch.Verdict.INCONCLUSIVE : holdsUpTo(100, v));
        assertEquals(List.of(10.0, 90.0, 50.0, 70.0, 60.0, 55.0), asked);
        assertEquals(55.0, r.highestPassing().orElseThrow());
        assertTrue(r.lowestFailing().isEmpty(), "an inconclusive probe is not a failure");
        assertFalse(r.bracketed());
        assertEquals(CapacitySearch.Outcome.GENERATOR_BOUND, r.outcome());
        assertEquals(3, r.outcome().exitCode);
        assertTrue(r.toJson().get("generatorBound").asBoolean());
        assertEquals("inconclusive", r.toJson().at("/probes/1/verdict").asText());
        assertTrue(r.answer().contains("generator-bound") && r.answer().contains("not bracketed")
                && r.answer().contains("the capacity is at least 55, and at 60 or more this machine cannot tell"), r.answer());
    }

    @Test
    void shouldStopWhenNothingIsLeftBetweenFloorAndCeiling() {
        search(10, 12, 6, v -> holdsUpTo(10, v));
        assertEquals(List.of(10.0, 12.0, 11.0), asked);
    }

    @Test
    void shouldStopAtABrokenProbe() {
        CapacitySearch.Result r = search(10, 90, 6, v -> v > 10 ? CapacitySearch.Verdict.BROKEN : CapacitySearch.Verdict.PASS);
        assertEquals(List.of(10.0, 90.0), asked);
        assertEquals(2, r.outcome().exitCode);
    }

    private static SweepRun probeRun(int exit, ObjectNode summary) {
        return new SweepRun(List.of("rate=10"), exit, null, summary, "", 1);
    }

    private static ObjectNode summary(double p99) {
        ObjectNode s = JSON.createObjectNode();
        s.putObject("latency").putObject("e2e").put("p99", p99);
        return s;
    }

    @Test
    void shouldJudgeAProbeRunByItsExitCodeTheCapacitySloAndTheGenerator() {
        Slo slo = Slo.parse("latency.e2e.p99 < 200ms");
        assertEquals(CapacitySearch.Verdict.PASS, SweepCommand.judge(probeRun(0, summary(50)), slo));
        assertEquals(CapacitySearch.Verdict.FAIL, SweepCommand.judge(probeRun(0, summary(500)), slo), "the capacity SLO");
        assertEquals(CapacitySearch.Verdict.FAIL, SweepCommand.judge(probeRun(1, summary(50)), slo), "the scenario's SLOs");
        ObjectNode bound = summary(500);
        bound.putObject("generator").put("bound", true);
        assertEquals(CapacitySearch.Verdict.INCONCLUSIVE, SweepCommand.judge(probeRun(1, bound), slo));
        ObjectNode inconclusive = summary(50).put("verdict", "inconclusive");
        assertEquals(CapacitySearch.Verdict.INCONCLUSIVE, SweepCommand.judge(probeRun(0, inconclusive), slo));
        assertEquals(CapacitySearch.Verdict.INCONCLUSIVE, SweepCommand.judge(probeRun(3, summary(50)), slo));
        assertEquals(CapacitySearch.Verdict.BROKEN, SweepCommand.judge(probeRun(2, null), slo));
        assertEquals(CapacitySearch.Verdict.INTERRUPTED, SweepCommand.judge(probeRun(130, summary(50)), slo));
        assertEquals(CapacitySearch.Verdict.FAIL, SweepCommand.combine(List.of(CapacitySearch.Verdict.PASS,
                CapacitySearch.Verdict.INCONCLUSIVE, CapacitySearch.Verdict.FAIL)), "a probe passes only when all its runs do");
    }

    @Test
    void shouldReadWhatAProbeAchievedFromItsSummary() {
        ObjectNode s = JSON.createObjectNode();
        s.putObject("throughput").put("sendsPerSec", 120.0);
        s.putObject("clients").put("peakOnline", 480);
        assertEquals(120.0, SweepCommand.achieved("rate", s, true), "c2c only: every acked send is a c2c send");
        assertNull(SweepCommand.achieved("rate", s, false), "mixed, no per-kind rate: not known rather than guessed");
        ((ObjectNode) s.get("throughput")).put("c2cPerSec", 90.0).put("c2gPerSec", 30.0);
        assertEquals(90.0, SweepCommand.achieved("rate", s, false));
        assertEquals(30.0, SweepCommand.achieved("phases.0.rates.c2g", s, false));
        assertEquals(480.0, SweepCommand.achieved("clients", s, false));
        assertNull(SweepCommand.achieved("server.shards", s, false), "no number answers for this setting");
    }
}

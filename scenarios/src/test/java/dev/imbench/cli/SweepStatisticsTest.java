package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Median, spread and the noise band of a sweep's combinations, from made-up summaries. */
class SweepStatisticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static SweepRun run(String setting, double e2eP99, double deliveries) {
        ObjectNode s = JSON.createObjectNode();
        s.putObject("throughput").put("sendsPerSec", 100.0).put("deliveriesPerSec", deliveries);
        s.putObject("latency").putObject("e2e").put("p99", e2eP99);
        return new SweepRun(List.of(setting), 0, null, s, "ok", 1);
    }

    private static List<SweepStatistics.Combination> stats(List<SweepRun> a, List<SweepRun> b) {
        return SweepStatistics.of(List.of(List.of("k=a"), List.of("k=b")), List.of(a, b));
    }

    @Test
    void shouldTakeTheMedianAndTheRangeOfTheRepeats() {
        assertEquals(new SweepStatistics.Spread(3, 20, 10, 90), SweepStatistics.Spread.of(List.of(90.0, 10.0, 20.0)));
        assertEquals(new SweepStatistics.Spread(4, 25, 10, 90), SweepStatistics.Spread.of(List.of(90.0, 10.0, 20.0, 30.0)));
        assertEquals(80, SweepStatistics.Spread.of(List.of(90.0, 10.0, 20.0)).width());
    }

    @Test
    void shouldCallOverlappingRepeatsWithinNoise() {
        var c = stats(List.of(run("k=a", 10, 500), run("k=a", 14, 510), run("k=a", 12, 505)),
                List.of(run("k=b", 13, 507), run("k=b", 16, 503), run("k=b", 11, 509)));
        SweepStatistics.Combination b = c.get(1);
        assertTrue(b.withinNoise(), b.vsFirst().toString());
        SweepStatistics.Difference p99 = b.vsFirst().stream().filter(d -> d.metric().equals("latency.e2e.p99")).findFirst()
                .orElseThrow();
        assertEquals(1.0, p99.difference(), 1e-9, "median 13 against median 12");
        assertEquals(4.0 + 5.0, p99.band(), 1e-9, "the two spreads added");
        assertEquals(Boolean.FALSE, p99.beyondNoise());
    }

    @Test
    void shouldNameTheMetricThatDiffersBeyondTheBand() {
        var c = stats(List.of(run("k=a", 10, 500), run("k=a", 11, 500), run("k=a", 12, 500)),
                List.of(run("k=b", 40, 500), run("k=b", 41, 500), run("k=b", 45, 500)));
        assertEquals(List.of("latency.e2e.p99"), c.get(1).differing());
        assertFalse(c.get(1).withinNoise());
        JsonNode json = SweepStatistics.toJson(c);
        assertEquals(30.0, json.at("/1/vsFirst/latency.e2e.p99/difference").asDouble(), 1e-9);
        assertEquals(7.0, json.at("/1/vsFirst/latency.e2e.p99/band").asDouble(), 1e-9);
        assertTrue(json.at("/1/vsFirst/latency.e2e.p99/beyondNoise").asBoolean());
        assertEquals("latency.e2e.p99", json.at("/1/differsBeyondNoise/0").asText());
        assertFalse(json.get(0).has("vsFirst"), "the first is what the others are compared with");
    }

    @Test
    void shouldJudgeNothingWithOneRunPerCombination() {
        var c = stats(List.of(run("k=a", 10, 500)), List.of(run("k=b", 400, 100)));
        assertTrue(c.get(1).differing().isEmpty(), "no band, so nothing is called a difference");
        assertFalse(c.get(1).withinNoise(), "and nothing is called the same either");
        JsonNode json = SweepStatistics.toJson(c);
        assertTrue(json.at("/1/vsFirst/latency.e2e.p99/band").isNull());
        assertTrue(json.at("/1/vsFirst/latency.e2e.p99/beyondNoise").isNull());
        assertFalse(SweepStatistics.noiseJson(c, 1).get("judged").asBoolean());
    }

    @Test
    void shouldLeaveOutWhatNoSummaryMeasured() {
        var c = stats(List.of(run("k=a", 10, 500), run("k=a", 12, 500)), List.of(run("k=b", 11, 500), run("k=b", 12, 500)));
        assertFalse(c.get(0).metrics().containsKey("throughput.c2cPerSec"), "absent, not 0");
        assertTrue(c.get(0).metrics().containsKey("throughput.sendsPerSec"));
        JsonNode noise = SweepStatistics.noiseJson(c, 2);
        assertTrue(noise.get("definition").asText().contains("sum of their spreads"), noise.toString());
        assertEquals(2.0, noise.at("/widestSpread/latency.e2e.p99").asDouble(), 1e-9);
    }
}

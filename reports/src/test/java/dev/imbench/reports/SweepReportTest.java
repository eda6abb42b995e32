package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's capacity chart: one self-contained page from sweep.json, clear errors on bad input. */
class SweepReportTest {

    private static final String SWEEP = """
            {"schema": 1, "scenario": "group-fanout", "futureField": [1, 2],
             "runs": [
              {"settings": {"server.fanout": "write"}, "run": "runs/a", "exitCode": 0, "passed": true,
               "throughput": {"sendsPerSec": 120.0, "deliveriesPerSec": 2400.0}, "e2e": {"p50": 8.0, "p99": 41.5}},
              {"settings": {"server.fanout": "read"}, "run": "runs/b", "exitCode": 1, "passed": false,
               "throughput": {"sendsPerSec": 90.0, "deliveriesPerSec": 1800.0}, "e2e": {"p50": 12.0, "p99": 310.25}},
              {"settings": {"server.fanout": "broken"}, "run": "runs/c", "exitCode": 2, "passed": false}
             ]}
            """;

    /** A capacity search that never bracketed: the generator could not offer the top of the range. */
    private static final String FIND_MAX = """
            {"schema": 2, "scenario": "c2c", "mode": "find-max", "repeat": 1, "fork": false,
             "warmup": {"settings": {"rate": "100"}, "recorded": false, "run": "runs/s/warmup/w", "exitCode": 0},
             "capacity": {"key": "rate", "slo": "latency.e2e.p99 < 200ms", "from": 100, "to": 900,
              "highestPassing": 500, "lowestFailing": null, "bracketed": false, "outcome": "generator-bound",
              "answer": "not bracketed: rate 500 meets latency.e2e.p99 < 200ms, but at rate 900 the load generator could not offer the load",
              "exitCode": 3, "generatorBound": true,
              "probes": [
               {"value": 100, "asked": 100, "achieved": 99.1, "achievedFraction": 0.991, "verdict": "pass", "exitCode": 0, "generatorBound": false, "runs": ["runs/p1"]},
               {"value": 900, "asked": 900, "achieved": 611.7, "achievedFraction": 0.68, "verdict": "inconclusive", "exitCode": 3, "generatorBound": true, "runs": ["runs/p2"]},
               {"value": 500, "asked": 500, "achieved": 497.0, "achievedFraction": 0.994, "verdict": "pass", "exitCode": 0, "generatorBound": false, "runs": ["runs/p3"]}]},
             "runs": [
              {"settings": {"rate": "100"}, "combination": 0, "repeat": 0, "run": "runs/p1", "exitCode": 0, "verdict": "passed", "capacitySlo": "pass",
               "throughput": {"sendsPerSec": 99.1, "c2cPerSec": 99.1, "deliveriesPerSec": 99.1}, "e2e": {"p50": 3.0, "p99": 12.5}},
              {"settings": {"rate": "900"}, "combination": 1, "repeat": 0, "run": "runs/p2", "exitCode": 3, "verdict": "inconclusive", "capacitySlo": "inconclusive",
               "throughput": {"sendsPerSec": 611.7, "deliveriesPerSec": 611.7}, "e2e": {"p50": 40.0, "p99": 900.0}},
              {"settings": {"rate": "500"}, "combination": 2, "repeat": 0, "run": "runs/p3", "exitCode": 0, "verdict": "passed", "capacitySlo": "pass",
               "throughput": {"sendsPerSec": 497.0, "deliveriesPerSec": 497.0}, "e2e": {"p50": 5.0, "p99": 48.0}}]}
            """;

    /** An A/A sweep of three runs each. */
    private static final String REPEATED = """
            {"schema": 2, "scenario": "c2c", "mode": "vary", "repeat": 3, "warmup": {"skipped": "--no-warmup"},
             "noise": {"definition": "the noise band of a metric between two combinations is the sum of their spreads", "repeat": 3, "judged": true},
             "combinations": [
              {"settings": {"server.fanout": "write"}, "runs": 3, "exitCode": 0,
               "metrics": {"latency.e2e.p99": {"n": 3, "median": 18.2, "min": 3.7, "max": 119.6, "spread": 115.9}}},
              {"settings": {"server.fanout": "write"}, "runs": 3, "exitCode": 0,
               "metrics": {"latency.e2e.p99": {"n": 3, "median": 24.2, "min": 14.1, "max": 25.1, "spread": 11.0}},
               "vsFirst": {"latency.e2e.p99": {"difference": 6.0, "band": 126.9, "beyondNoise": false}},
               "withinNoise": true, "differsBeyondNoise": []}],
             "runs": [
              {"settings": {"server.fanout": "write"}, "combination": 0, "repeat": 0, "run": "runs/a", "exitCode": 0, "verdict": "passed",
               "throughput": {"deliveriesPerSec": 16.6}, "e2e": {"p99": 119.6}},
              {"settings": {"server.fanout": "write"}, "combination": 1, "repeat": 0, "run": "runs/b", "exitCode": 0, "verdict": "passed",
               "throughput": {"deliveriesPerSec": 16.5}, "e2e": {"p99": 25.1}}]}
            """;

    @TempDir
    Path dir;

    private JsonNode selfCheck(String sweepJson) throws Exception {
        ReportInBrowserTest.needsChromium();
        Files.writeString(dir.resolve("sweep.json"), sweepJson);
        Path page = SweepReport.write(dir);
        String dom = ReportInBrowserTest.chromium(dir.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom",
                page.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"selfcheck\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the page ran to its end and wrote its self-check");
        JsonNode check = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
        assertEquals(0, check.get("errors").size(), "script errors: " + check.get("errors"));
        lastDom = dom;
        return check;
    }

    private String lastDom;

    @Test
    void shouldWriteOneOfflinePageWithEveryRunOfTheSweep() throws Exception {
        Files.writeString(dir.resolve("sweep.json"), SWEEP);
        Path page = SweepReport.write(dir);
        assertEquals(dir.resolve("sweep.html"), page);
        String html = Files.readString(page);
        assertTrue(html.contains("uPlot"), "uPlot is inlined");
        assertFalse(html.matches("(?s).*<(script|img)[^>]+src=.*"), "no external script or image");
        assertFalse(html.matches("(?s).*<link[^>]+href=.*"), "no external stylesheet");
        assertTrue(html.contains("\"deliveriesPerSec\":2400.0") && html.contains("310.25"), "every measured point is embedded");
        assertTrue(html.contains("runs/c"), "a run that produced no summary is still listed");
    }

    @Test
    void shouldNameTheFileWhenSweepJsonIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepReport.write(dir));
        assertTrue(e.getMessage().contains("sweep.json"), e.getMessage());
    }

    @Test
    void shouldNameTheFileWhenSweepJsonIsMalformedOrHasNoRuns() throws Exception {
        Files.writeString(dir.resolve("sweep.json"), "{\"runs\": [ {\"settings\": ");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SweepReport.write(dir));
        assertTrue(bad.getMessage().contains("sweep.json") && bad.getMessage().contains("malformed"), bad.getMessage());

        Files.writeString(dir.resolve("sweep.json"), "{\"scenario\": \"x\"}");
        IllegalArgumentException noRuns = assertThrows(IllegalArgumentException.class, () -> SweepReport.write(dir));
        assertTrue(noRuns.getMessage().contains("no runs"), noRuns.getMessage());
        assertFalse(Files.exists(dir.resolve("sweep.html")), "no half-written page");
    }

    @Test
    void shouldDrawTheCapacityChartInABrowser() throws Exception {
        JsonNode check = selfCheck(SWEEP);
        assertEquals(1, check.get("charts").asInt(), "the capacity chart drew: " + check);
        assertTrue(lastDom.contains("<canvas"), "uPlot drew a canvas");
        assertTrue(lastDom.contains("server.fanout=read"), "the table lists each setting");
        assertTrue(lastDom.contains("<td>n/a</td>"), "a number a run did not measure is n/a, not 0");
    }

    @Test
    void shouldShowTheCapacityAnswerAndEachProbeAskedAgainstAchieved() throws Exception {
        JsonNode check = selfCheck(FIND_MAX);
        assertEquals(3, check.get("probes").asInt(), check.toString());
        assertTrue(lastDom.contains("NOT BRACKETED"), "a range never bracketed says so");
        assertTrue(lastDom.contains("highest passing: 500 · lowest failing: none"), "both ends, named");
        assertTrue(lastDom.contains("a probe was generator-bound"), "generator-bound probes are named");
        assertTrue(lastDom.contains("<td>611.7</td><td>68 %</td><td>inconclusive</td><td>3</td><td>bound</td>"),
                "asked against achieved for each probe");
        assertTrue(lastDom.contains("Warm-up: one run of rate=100"), "the warm-up run is named, apart from the runs");
    }

    @Test
    void shouldShowEachCombinationsMedianSpreadAndNoiseVerdict() throws Exception {
        JsonNode check = selfCheck(REPEATED);
        assertEquals(2, check.get("combinations").asInt(), check.toString());
        assertTrue(lastDom.contains("median [min–max] of 3 runs each"));
        assertTrue(lastDom.contains("18.2 [3.7–119.6]"), "median and range");
        assertTrue(lastDom.contains("no difference beyond noise"));
        assertTrue(lastDom.contains("Noise band: the noise band of a metric"), "the band's definition is on the page");
        assertTrue(lastDom.contains("No warm-up run: --no-warmup."));
    }
}

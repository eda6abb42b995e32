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

    @TempDir
    Path dir;

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
        ReportInBrowserTest.needsChromium();
        Files.writeString(dir.resolve("sweep.json"), SWEEP);
        Path page = SweepReport.write(dir);
        String dom = ReportInBrowserTest.chromium(dir.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom",
                page.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"selfcheck\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the page ran to its end and wrote its self-check");
        JsonNode check = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
        assertEquals(0, check.get("errors").size(), "script errors: " + check.get("errors"));
        assertEquals(1, check.get("charts").asInt(), "the capacity chart drew: " + check);
        assertTrue(dom.contains("<canvas"), "uPlot drew a canvas");
        assertTrue(dom.contains("server.fanout=read"), "the table lists each setting");
    }
}

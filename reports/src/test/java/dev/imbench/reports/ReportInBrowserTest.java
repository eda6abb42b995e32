package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the golden reports (schema 1 and schema 2) in headless Chromium as a person
 * would: no script error, every chart drew data, every axis tick label a finite number
 * that overlaps no other (measured in the page), the sections a reader looks for, and a
 * screenshot of each kept under target/.
 * Skipped with a reason when there is no Chromium, except under CI=true.
 */
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** Skips (or fails under CI=true) when there is no Chromium; shared by the browser tests. */
    @BeforeAll
    static void needsChromium() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but " + CHROMIUM + " is missing: run scripts/ensure-debian-package.sh chromium chromium …");
        }
        Assumptions.assumeTrue(present, "no Chromium at " + CHROMIUM + " (apt-get install chromium): browser test skipped");
    }

    /** Runs headless Chromium with a fresh profile and returns its standard output. */
    static String chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void shouldDrawEveryChartWithoutAScriptError(@TempDir Path dir) throws Exception {
        String dom = open(dir, GoldenRun.copyTo(dir.resolve("run")), "report-screenshot.png");
        JsonNode check = selfCheck(dom);
        assertTrue(check.get("charts").asInt() >= 9, "load, latency and spectrum charts: " + check.get("charts"));
        assertTrue(dom.contains("PASSED"), "the verdict is shown");
        assertTrue(dom.split("<canvas", -1).length - 1 >= 9, "uPlot drew canvases");
        assertTrue(dom.contains("fault times from events.jsonl"), "schema 1: fault bands from the event log, said on the chart");
        assertTrue(dom.contains("not measured (no generator.json"), "schema 1: generator health not measured, not invented");
        assertTrue(dom.contains("not measured (no server-metrics.prom"), "schema 1: no server metrics");
    }

    @Test
    void shouldShowVerdictStatisticsBreakdownsAndGeneratorHealthAtAGlance(@TempDir Path dir) throws Exception {
        String dom = open(dir, GoldenRun.copyTo(GoldenRun.V2, dir.resolve("run")), "report-v2-screenshot.png");
        JsonNode check = selfCheck(dom);
        assertTrue(check.get("charts").asInt() >= 18, "the schema-2 run draws its generator chart and e2e online/offline: " + check.get("charts"));
        String text = dom.replaceAll("<[^>]+>", "|");
        assertTrue(text.contains("|INCONCLUSIVE|"), "the verdict badge from summary.json");
        assertTrue(text.contains("|INCONCLUSIVE: generator-bound (achieved 90.0%"), "summary.json's verdict line, word for word");
        assertTrue(text.contains("Generator-bound: achieved 90.0% of the offered sends in steady"), "generator-bound: why");
        assertTrue(text.contains("|p75|") && text.contains("|p95|") && text.contains("|e2e · offline (by pull)|"), "the statistics table");
        assertTrue(text.contains("|subway · during|") && text.contains("|3g|") && text.contains("|steady|"), "breakdowns by fault window, slice and phase");
        assertTrue(text.contains("|store latency (ms)|"), "server metrics from server-metrics.prom");
        assertTrue(text.contains("|Server side |") && text.contains("|store p99 ≤ ms|") && text.contains("|logic-1 (logic)|"),
                "the server's key figures beside the client-side statistics");
        assertTrue(text.contains("|9007199254740993|"), "a message id printed digit for digit as in delivery.json");
        assertTrue(text.contains("fault times from run.json") && text.contains("counts from the start of the first measured phase (t = 6.0 s)"),
                "one clock, said on the chart");
        assertTrue(text.contains("|inconclusive|"), "latency SLOs of a generator-bound run are inconclusive");
        assertTrue(text.contains("|regression|"), "the baseline's regressions");
        for (String chart : List.of("Generator: offered vs achieved and schedule lag", "e2e online (by push) latency (ms)", "ack latency (ms)")) {
            assertTrue(titles(check).contains(chart), chart + " drawn: " + titles(check));
            assertTrue(overlay(check, chart).containsAll(List.of("warm-up", "subway", "steady")),
                    chart + ": the warm-up band, the fault band and the phases on the chart: " + overlay(check, chart));
        }
    }

    @Test
    void shouldSayWhenTheRunWasInterrupted(@TempDir Path dir) throws Exception {
        Path run = GoldenRun.copyTo(GoldenRun.V2, dir.resolve("run"));
        ReportGeneratorTest.interrupt(run, 12345);
        String dom = open(dir, run, "report-interrupted-screenshot.png");
        String text = dom.replaceAll("<[^>]+>", "|");
        assertTrue(text.contains("|INTERRUPTED|"), "the badge");
        assertTrue(text.contains("Interrupted at t = 12.3 s (run start = 0)"), "when, on the run clock");
        assertFalse(text.contains("|met|"), "nothing judged as passed");
        assertTrue(text.contains("|not judged (interrupted)|"));
        assertTrue(overlay(selfCheck(dom), "ack latency (ms)").contains("interrupted"), "the moment is marked on the time charts");
    }

    @Test
    void shouldStateTheClockOffsetBoundOfAMergedRunOnThePage(@TempDir Path dir) throws Exception {
        ShardLedgers s0 = new ShardLedgers(0, 2, 4).with("clockOffset", java.util.Map.of("offsetNanos", 300_000L, "boundNanos", 1_250_000L));
        ShardLedgers s1 = new ShardLedgers(1, 2, 4).with("clockOffset", java.util.Map.of("offsetNanos", -200_000L, "boundNanos", 2_000_000L));
        long cross = s0.sendAcked(0, 1, 20);
        s1.ledger().arrived(1, cross, 101, false, s1.at(26));
        List<Path> shards = List.of(GoldenRun.copyTo(dir.resolve("shard0")), GoldenRun.copyTo(dir.resolve("shard1")));
        s0.writeTo(shards.get(0));
        s1.writeTo(shards.get(1));
        Path merged = dir.resolve("merged");
        ShardMerger.merge(shards, merged);
        dev.imbench.reports.summary.Judge.judge(merged);
        String text = open(dir, merged, "report-merged-screenshot.png").replaceAll("<[^>]+>", "|");
        assertTrue(text.contains("|Clock-offset bound: ±3.25 ms on every e2e latency between two shards.|"),
                "the two shards' bounds added, stated on the page");
        assertTrue(text.contains("e2e between shards corrected by the shards' clock offsets, true within ±3.25 ms"),
                "and beside the statistics");
        assertTrue(text.contains("|e2e between shards (ms, 1 deliveries; clock-corrected, ±3.25 ms)|"), text);
        assertTrue(text.contains("|0.300||1.250|") && text.contains("|-0.200||2.000|"), "each shard's offset and bound");
    }

    @Test
    void shouldShowNoShardsSectionForARunOfOneProcess(@TempDir Path dir) throws Exception {
        String dom = open(dir, GoldenRun.copyTo(GoldenRun.V2, dir.resolve("run")), "report-v2-noshards.png");
        assertTrue(dom.contains("id=\"shardsBox\" hidden"), "the Shards section stays hidden");
        assertFalse(dom.contains("class=\"clock-bound\""), "no bound is stated for a run on one clock");
    }

    /**
     * Renders the report of {@code run}, opens it in headless Chromium, checks that it ran
     * without a script error, drew data in every chart and drew readable axes, keeps a
     * screenshot under target/ and returns the DOM.
     */
    private static String open(Path dir, Path run, String screenshot) throws Exception {
        Path page = ReportGenerator.write(run);
        String dom = chromium(dir.resolve("profile"), "--window-size=1400,3000", "--virtual-time-budget=5000", "--dump-dom",
                page.toUri().toString());
        JsonNode check = selfCheck(dom);
        assertEquals(0, check.get("errors").size(), "script errors: " + check.get("errors"));
        assertEquals(0, check.get("empty").size(), "charts without data: " + check.get("empty"));
        assertTickLabelsReadable(check);
        assertSpectraOnANinesAxis(check);
        Path shot = Path.of("target", screenshot).toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        chromium(dir.resolve("profile2"), "--window-size=1400,3000", "--virtual-time-budget=5000", "--screenshot=" + shot,
                page.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "a screenshot was taken: " + shot);
        return dom;
    }

    /** The names a chart drew over its plot: fault bands, warm-up, phases, interruption. */
    private static List<String> overlay(JsonNode check, String title) {
        List<String> out = new ArrayList<>();
        check.get("drawnText").forEach(c -> {
            if (c.get("title").asText().equals(title)) {
                c.get("texts").forEach(t -> {
                    if ("overlay".equals(t.get("kind").asText())) {
                        out.add(t.get("text").asText());
                    }
                });
            }
        });
        return out;
    }

    private static List<String> titles(JsonNode check) {
        List<String> out = new ArrayList<>();
        check.get("drawnText").forEach(c -> out.add(c.get("title").asText()));
        return out;
    }

    /** The page's self-check: what it drew, its script errors and every text it drew on the axes. */
    static JsonNode selfCheck(String dom) throws IOException {
        Matcher m = Pattern.compile("<pre id=\"selfcheck\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the page ran to its end and wrote its self-check");
        String json = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return new ObjectMapper().readTree(json);
    }

    /** A tick label reads as a finite number, optionally a percentage (uPlot groups thousands with commas). */
    private static final Pattern FINITE = Pattern.compile("-?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?%?");

    /**
     * Every tick label of every chart is a finite number or percentage, lies inside its canvas,
     * and overlaps no other label of that chart (boxes measured in the page with measureText).
     */
    static void assertTickLabelsReadable(JsonNode check) {
        JsonNode charts = check.get("drawnText");
        assertTrue(charts != null && charts.size() > 0, "the page measured its axis labels: " + check);
        List<String> problems = new ArrayList<>();
        for (JsonNode chart : charts) {
            String title = chart.get("title").asText();
            List<JsonNode> ticks = new ArrayList<>();
            chart.get("texts").forEach(t -> {
                if ("tick".equals(t.get("kind").asText())) {
                    ticks.add(t);
                }
            });
            if (ticks.isEmpty()) {
                problems.add(title + ": no tick label drawn");
            }
            for (JsonNode t : ticks) {
                String text = t.get("text").asText();
                if (!FINITE.matcher(text).matches() || !Double.isFinite(Double.parseDouble(text.replace(",", "").replace("%", "")))) {
                    problems.add(title + ": tick label '" + text + "' is not a finite number");
                }
                if (t.get("left").asDouble() < -0.5 || t.get("top").asDouble() < -0.5
                        || t.get("right").asDouble() > chart.get("width").asDouble() + 0.5
                        || t.get("bottom").asDouble() > chart.get("height").asDouble() + 0.5) {
                    problems.add(title + ": tick label '" + text + "' is cut off at the chart's edge " + t);
                }
            }
            for (int i = 0; i < ticks.size(); i++) {
                for (int j = i + 1; j < ticks.size(); j++) {
                    JsonNode a = ticks.get(i), b = ticks.get(j);
                    double w = Math.min(a.get("right").asDouble(), b.get("right").asDouble()) - Math.max(a.get("left").asDouble(), b.get("left").asDouble());
                    double h = Math.min(a.get("bottom").asDouble(), b.get("bottom").asDouble()) - Math.max(a.get("top").asDouble(), b.get("top").asDouble());
                    if (w > 0.5 && h > 0.5) {
                        problems.add(title + ": tick labels '" + a.get("text").asText() + "' and '" + b.get("text").asText() + "' overlap");
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " unreadable tick labels, e.g. " + problems.subList(0, Math.min(8, problems.size())));
    }

    /** Each percentile spectrum labels its x axis by nines: 90 %, 99 %, 99.9 %, 99.99 %. */
    static void assertSpectraOnANinesAxis(JsonNode check) {
        int spectra = 0;
        for (JsonNode chart : check.get("drawnText")) {
            if (!chart.get("title").asText().contains("percentile spectrum")) {
                continue;
            }
            spectra++;
            List<String> texts = new ArrayList<>();
            chart.get("texts").forEach(t -> texts.add(t.get("text").asText()));
            assertTrue(texts.containsAll(List.of("90%", "99%", "99.9%", "99.99%")), chart.get("title").asText() + " x axis: " + texts);
        }
        assertTrue(spectra > 0, "the page drew percentile spectra");
    }
}

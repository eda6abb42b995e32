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
 * Opens the golden report in headless Chromium as a person would: no script
 * error, every chart drew data, and a screenshot kept under target/.
 * Skipped with a reason when there is no Chromium, except under CI=true.
 */
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** Skips (or fails under CI=true) when there is no Chromium; shared by the browser tests. */
    @BeforeAll
    static void needsChromium() {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but " + CHROMIUM + " is missing: run reports/ci/ensure-chromium.sh");
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
        Path run = GoldenRun.copyTo(dir.resolve("run"));
        Path page = ReportGenerator.write(run);
        String dom = chromium(dir.resolve("profile"), "--window-size=1400,3000", "--virtual-time-budget=5000", "--dump-dom",
                page.toUri().toString());
        JsonNode check = selfCheck(dom);
        assertEquals(0, check.get("errors").size(), "script errors: " + check.get("errors"));
        assertEquals(0, check.get("empty").size(), "charts without data: " + check.get("empty"));
        assertTrue(check.get("charts").asInt() >= 9, "load, latency and spectrum charts: " + check.get("charts"));
        assertTrue(dom.contains("PASSED"), "the verdict is shown");
        assertTrue(dom.split("<canvas", -1).length - 1 >= 9, "uPlot drew canvases");
        assertTickLabelsReadable(check);
        assertSpectraOnANinesAxis(check);

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        chromium(dir.resolve("profile2"), "--window-size=1400,3000", "--virtual-time-budget=5000", "--screenshot=" + shot,
                page.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "a screenshot was taken: " + shot);
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

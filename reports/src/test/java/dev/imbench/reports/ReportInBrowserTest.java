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
        String dom = chromium(dir.resolve("profile"), "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"selfcheck\">([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "the page ran to its end and wrote its self-check");
        JsonNode check = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
        assertEquals(0, check.get("errors").size(), "script errors: " + check.get("errors"));
        assertEquals(0, check.get("empty").size(), "charts without data: " + check.get("empty"));
        assertTrue(check.get("charts").asInt() >= 9, "load, latency and spectrum charts: " + check);
        assertTrue(dom.contains("PASSED"), "the verdict is shown");
        assertTrue(dom.split("<canvas", -1).length - 1 >= 9, "uPlot drew canvases");

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        chromium(dir.resolve("profile2"), "--window-size=1300,2600", "--screenshot=" + shot, page.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "a screenshot was taken: " + shot);
    }
}

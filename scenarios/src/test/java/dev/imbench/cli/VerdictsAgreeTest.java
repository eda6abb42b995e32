package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.imbench.runner.RunControl;
import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.runner.ScenarioRunner;
import dev.imbench.runner.SimulationWorkload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One verdict everywhere: for a passing run, an SLO failure, a baseline
 * regression and a broken run directory, the exit code, the CLI's last line,
 * summary.json, junit.xml, compare.json, and (in Chromium) the report badge and
 * compare.html say the same. Real runs of a tiny scenario on the in-process server.
 */
class VerdictsAgreeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String TINY = """
            name: tiny
            description: a few clients for a second
            population: {clients: 10, rampPerSec: 200}
            phases:
              - {name: steady, duration: 1s, rates: {c2c: 20}}
            slo:
              - delivery.lost == 0
              - latency.e2e.p99 < 10s
            drainTimeout: 15s
            # a busy shared machine must not turn these runs inconclusive: this test is about agreement
            generator: {minAchieved: 0.5, maxLag: 2s}
            """;

    /** A finished case: what the CLI returned and printed last, and its run directory. */
    private record Case(String expected, int exit, String lastLine, Path dir) {
    }

    @TempDir
    static Path tmp;

    private static final Map<String, Case> CASES = new LinkedHashMap<>();
    private static Path baselineRun;

    @BeforeAll
    static void runEveryCase() throws Exception {
        Path scenario = Files.writeString(tmp.resolve("tiny.yaml"), TINY);
        CASES.put("passed", cli("passed", "run", scenario.toString(), "--seed", "1"));
        CASES.put("slo", cli("failed", "run", scenario.toString(), "--set", "slo.1=latency.e2e.p50 < 1us"));
        // the baseline: the passing run, told it once sent three times as much
        baselineRun = copy(CASES.get("passed").dir(), tmp.resolve("baseline-run"));
        ObjectNode s = (ObjectNode) JSON.readTree(baselineRun.resolve("summary.json").toFile());
        ObjectNode t = (ObjectNode) s.get("throughput");
        t.put("sendsPerSec", t.get("sendsPerSec").asDouble() * 3);
        JSON.writeValue(baselineRun.resolve("summary.json").toFile(), s);
        CASES.put("regression", cli("failed", "run", scenario.toString(), "--baseline", baselineRun.toString()));
        CASES.put("broken", brokenDeliveryFile(scenario));
    }

    /** Runs the CLI in-process with stdout and stderr captured together. */
    private static Case cli(String expected, String... args) throws IOException {
        Path out = tmp.resolve("runs-" + CASES.size());
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString(), "--quiet"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buf, true, StandardCharsets.UTF_8);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int exit;
        try {
            System.setOut(both);
            System.setErr(both);
            exit = Imbench.commandLine().execute(all.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Case(expected, exit, lastLine(buf), onlyRun(out));
    }

    /** The runner with the real simulator, whose delivery.json is then garbled before the judge reads it. */
    private static Case brokenDeliveryFile(Path scenario) throws IOException {
        ScenarioOptions o = new ScenarioOptions();
        o.out = tmp.resolve("runs-broken");
        RunOptions options = new RunOptions(o.out, "imbench run tiny.yaml", false, null, 0.2, true, List.of());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buf, true, StandardCharsets.UTF_8);
        RunOutcome outcome = new ScenarioRunner((s, ctx) -> {
            var result = new SimulationWorkload().run(s, ctx);
            Files.writeString(ctx.dir().file("delivery.json"), "{\"attempted\": 12, \"lost\"");
            return result;
        }, dev.imbench.runner.Reports::write, both).run(RunSupport.load(scenario.toString(), o), options, new RunControl());
        int exit = RunSupport.report(outcome, options, both, both);
        return new Case("broken", exit, lastLine(buf), outcome.dir().path());
    }

    private static String lastLine(ByteArrayOutputStream buf) {
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }

    private static Path onlyRun(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path d = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
        return to;
    }

    private static JsonNode json(Path f) throws IOException {
        return JSON.readTree(f.toFile());
    }

    private static Path compare(Case c) throws IOException {
        Path out = tmp.resolve("cmp-" + c.dir().getFileName());
        PrintStream oldOut = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            Imbench.commandLine().execute("compare", baselineRun.toString(), c.dir().toString(), "--out", out.toString());
        } finally {
            System.setOut(oldOut);
        }
        return onlyRun(out);
    }

    @Test
    void shouldSayTheSameInTheExitCodeTheLastLineTheSummaryJunitAndCompare() throws Exception {
        for (Map.Entry<String, Case> e : CASES.entrySet()) {
            Case c = e.getValue();
            String v = c.expected();
            String why = e.getKey() + ": " + c;
            int code = switch (v) {
                case "passed" -> 0;
                case "failed" -> 1;
                default -> 2;
            };
            assertEquals(code, c.exit(), why);
            assertTrue(c.lastLine().startsWith("imbench: " + v.toUpperCase() + ": "), why);
            JsonNode s = json(c.dir().resolve("summary.json"));
            assertEquals(v, s.get("verdict").asText(), why);
            assertEquals(v.equals("passed"), s.get("passed").asBoolean(), why);
            assertEquals(code, s.get("exitCode").asInt(), why);
            assertTrue(c.lastLine().startsWith("imbench: " + s.get("verdictLine").asText()), why);
            String junit = Files.readString(c.dir().resolve("junit.xml"));
            assertTrue(junit.contains("<property name=\"verdict\" value=\"" + v + "\"/>"), why);
            assertEquals(!v.equals("passed"), junit.contains("<failure ") || junit.contains("<error "), why + junit);
            JsonNode cmp = json(compare(c).resolve("compare.json"));
            assertEquals(v, cmp.at("/verdicts/1/verdict").asText(), why);
        }
        JsonNode regressed = json(CASES.get("regression").dir().resolve("summary.json"));
        assertFalse(regressed.at("/baseline/passed").asBoolean());
        // Latency may regress too on a noisy machine: the planted throughput regression must be among them.
        assertTrue(regressed.at("/baseline/regressions").findValuesAsText("metric").contains("throughput.sendsPerSec"),
                regressed.at("/baseline").toString());
        assertEquals(0, regressed.at("/slo").findValuesAsText("status").stream().filter(x -> !x.equals("passed")).count(),
                "every SLO held: only the baseline failed the run");
        assertTrue(CASES.get("regression").lastLine().contains("baseline REGRESSED"), CASES.get("regression").lastLine());
        assertFalse(json(compare(CASES.get("regression")).resolve("compare.json")).get("passed").asBoolean(),
                "compare finds the regression the run was failed for");
    }

    @Test
    void shouldWriteSummariesThatTheShippedSchemaAccepts() throws Exception {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("docs/summary.schema.json");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(file), InputFormat.JSON);
        for (Case c : CASES.values()) {
            List<String> errors = schema.validate(json(c.dir().resolve("summary.json"))).stream().map(Error::toString).toList();
            assertEquals(List.of(), errors, c.dir().toString());
        }
    }

    @Test
    void shouldShowTheSameVerdictOnTheReportBadgeAndInCompareHtml() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI=true but " + CHROMIUM + " is missing: run scripts/ensure-debian-package.sh chromium chromium …");
        }
        Assumptions.assumeTrue(present, "no Chromium at " + CHROMIUM + ": the badge check is skipped");
        Pattern badge = Pattern.compile("<div id=\"badge\" class=\"badge (\\w+)\">([^<]*)</div>");
        Pattern cell = Pattern.compile("id=\"verdict-1\"[^>]*>([^<]*)<");
        for (Case c : CASES.values()) {
            String report = dom(c.dir().resolve("index.html"));
            Matcher m = badge.matcher(report);
            assertTrue(m.find(), "the report has its badge: " + c);
            assertEquals(c.expected().toUpperCase(), m.group(2), c.toString());
            Matcher k = cell.matcher(dom(compare(c).resolve("compare.html")));
            assertTrue(k.find(), "compare.html shows the run's verdict: " + c);
            assertEquals(c.expected().toUpperCase(), k.group(1), c.toString());
        }
    }

    private static String dom(Path page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=3000", "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
        return new String(out, StandardCharsets.UTF_8);
    }
}

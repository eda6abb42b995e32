package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: real in-process server, real simulator, tiny scenarios. */
class ImbenchCliTest {

    private static final String TINY = """
            name: tiny
            description: a few clients for a few seconds
            population: {clients: 20, rampPerSec: 200}
            groups: {count: 2, minSize: 3, maxSize: 6}
            phases:
              - {name: steady, duration: 2s, rates: {c2c: 20, c2g: 4}}
            slo:
              - delivery.lost == 0
              - latency.e2e.p99 < 5s
            drainTimeout: 15s
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int imbench(String... args) {
        return Imbench.commandLine().execute(args);
    }

    private Path scenario(String text) throws Exception {
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, text);
        return f;
    }

    private List<Path> runDirs() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            return s.filter(p -> Files.exists(p.resolve("summary.json"))).sorted().toList();
        }
    }

    @Test
    void shouldRunAScenarioAndExitZeroWithAValidSummary() throws Exception {
        int exit = imbench("run", scenario(TINY).toString(), "--out", dir.resolve("runs").toString(), "--seed", "3");
        assertEquals(0, exit, out + "\n" + err);
        JsonNode s = new ObjectMapper().readTree(runDirs().get(0).resolve("summary.json").toFile());
        assertTrue(s.get("passed").asBoolean());
        assertEquals(3, s.get("seed").asLong());
        assertEquals("valid", s.at("/delivery/verdict").asText());
        assertTrue(s.at("/delivery/attempted").asLong() > 0);
        assertTrue(s.at("/latency/e2e/count").asLong() > 0);
        assertTrue(out.toString().contains("PASSED"), out.toString());
        String run = Files.readString(runDirs().get(0).resolve("run.json"));
        assertTrue(run.contains("--seed 3"), "run.json records the command that reproduces the run");
    }

    @Test
    void shouldExitOneForAnImpossibleSlo() throws Exception {
        int exit = imbench("run", scenario(TINY).toString(), "--out", dir.resolve("runs").toString(),
                "--set", "slo.0=latency.e2e.p50 < 1us", "--quiet");
        assertEquals(1, exit, out + "\n" + err);
        assertTrue(out.toString().contains("SLO FAIL latency.e2e.p50 < 1us"), out.toString());
    }

    @Test
    void shouldExitTwoWithFileAndLineForABrokenScenario() throws Exception {
        int exit = imbench("run", scenario(TINY.replace("clients: 20", "clients: twenty")).toString(),
                "--out", dir.resolve("runs").toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("tiny.yaml:3: population.clients: expected a whole number"), err.toString());
        assertFalse(Files.exists(dir.resolve("runs")), "nothing is run for a broken scenario");
    }

    @Test
    void shouldExitTwoForUnknownArgumentsAndScenarios() {
        assertEquals(2, imbench("run", "no-such-scenario", "--out", dir.toString()));
        assertTrue(err.toString().contains("not one of the shipped scenarios"), err.toString());
        assertEquals(2, imbench("run", "c2c", "--frobnicate"));
        assertEquals(2, imbench("sweep", "c2c", "--vary", "clients"));
    }

    @Test
    void shouldSweepOneRunPerCombination() throws Exception {
        int exit = imbench("sweep", scenario(TINY).toString(), "--out", dir.resolve("runs").toString(),
                "--vary", "server.fanout=write,read", "--set", "phases.0.duration=1s", "--no-report");
        assertEquals(0, exit, out + "\n" + err);
        assertEquals(2, runDirs().size());
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            Path sweep = s.filter(p -> p.getFileName().toString().contains("sweep-tiny")).findFirst().orElseThrow();
            JsonNode rows = new ObjectMapper().readTree(sweep.resolve("sweep.json").toFile()).get("runs");
            assertEquals(2, rows.size());
            assertEquals("read", rows.get(1).at("/settings/server.fanout").asText());
            assertTrue(Files.readString(sweep.resolve("sweep.csv")).lines().count() == 3);
            assertTrue(Files.readString(sweep.resolve("sweep.html")).contains("Capacity"), "the capacity chart is written");
        }
    }

    @Test
    void shouldListTheCommandsInHelp() {
        assertEquals(0, imbench("--help"));
        for (String c : List.of("run", "demo", "sweep", "server", "toxiproxy", "report", "compare")) {
            assertTrue(out.toString().contains(c), c);
            assertEquals(0, imbench(c, "--help"), c);
        }
        assertFalse((out.toString() + err).contains("picocli WARN"), "every help text formats cleanly");
    }

    @Test
    void shouldRebuildCompareAndMergeRealRuns() throws Exception {
        Path f = scenario(TINY);
        String runs = dir.resolve("runs").toString();
        assertEquals(0, imbench("run", f.toString(), "--out", runs, "--seed", "1", "--quiet"), err.toString());
        assertEquals(0, imbench("run", f.toString(), "--out", runs, "--seed", "2", "--quiet"), err.toString());
        List<Path> two = runDirs();
        assertEquals(2, two.size());

        Files.delete(two.get(0).resolve("index.html"));
        assertEquals(0, imbench("report", two.get(0).toString()));
        assertTrue(Files.exists(two.get(0).resolve("index.html")), "report rebuilt from the directory alone");

        assertEquals(0, imbench("compare", two.get(0).toString(), two.get(1).toString(), "--tolerance", "100",
                "--out", dir.resolve("cmp").toString()), out.toString());
        try (Stream<Path> s = Files.list(dir.resolve("cmp"))) {
            assertTrue(Files.exists(s.findFirst().orElseThrow().resolve("compare.json")));
        }

        assertEquals(0, imbench("report", "--merge", two.get(0).toString(), two.get(1).toString(),
                "--out", dir.resolve("merged").toString()), out + "\n" + err);
        try (Stream<Path> s = Files.list(dir.resolve("merged"))) {
            Path m = s.findFirst().orElseThrow();
            JsonNode merged = new ObjectMapper().readTree(m.resolve("summary.json").toFile());
            long a = new ObjectMapper().readTree(two.get(0).resolve("summary.json").toFile()).at("/delivery/delivered").asLong();
            long b = new ObjectMapper().readTree(two.get(1).resolve("summary.json").toFile()).at("/delivery/delivered").asLong();
            assertEquals(a + b, merged.at("/delivery/delivered").asLong());
            assertTrue(merged.get("passed").asBoolean(), merged.toString());
            assertTrue(Files.exists(m.resolve("index.html")));
        }
        assertEquals(2, imbench("compare", two.get(0).toString(), dir.resolve("nope").toString()));
    }

    @Test
    void shouldSearchForTheHighestRateThatMeetsAnSlo() throws Exception {
        int exit = imbench("sweep", scenario(TINY).toString(), "--out", dir.resolve("runs").toString(), "--no-report",
                "--set", "phases.0.duration=1s", "--find-max", "rate", "--from", "10", "--to", "40", "--steps", "2",
                "--slo", "delivery.lost == 0");
        assertEquals(0, exit, out + "\n" + err);
        assertTrue(out.toString().contains("highest rate that meets delivery.lost == 0: 25"), out.toString());
        assertEquals(2, imbench("sweep", "c2c", "--find-max", "rate", "--from", "10"), "--to and --slo are required");
    }

    @Test
    void shouldAttachToAnExternalServerThroughItsIplist() throws Exception {
        try (dev.imbench.server.ImServer server = dev.imbench.server.ImServer.start(dev.imbench.server.ServerConfig.defaults())) {
            String iplist = "http://127.0.0.1:" + server.httpAddress().getPort() + "/iplist";
            int exit = imbench("run", scenario(TINY).toString(), "--out", dir.resolve("runs").toString(), "--quiet",
                    "--set", "transport=tcp", "--set", "server.iplistUrl=" + iplist, "--set", "phases.0.duration=1s");
            assertEquals(0, exit, out + "\n" + err);
            assertTrue(Files.readString(runDirs().get(0).resolve("events.jsonl")).contains("external gate"));
            assertTrue(Files.readString(runDirs().get(0).resolve("server-metrics.prom")).contains("imbench_"),
                    "the external server's metrics are kept beside the clients' view");
        }
        assertEquals(2, imbench("run", scenario(TINY).toString(), "--out", dir.resolve("runs2").toString(), "--quiet",
                "--set", "transport=tcp", "--set", "server.iplistUrl=http://127.0.0.1:9/iplist"));
        assertTrue(err.toString().contains("is the server running?"), err.toString());
    }
}

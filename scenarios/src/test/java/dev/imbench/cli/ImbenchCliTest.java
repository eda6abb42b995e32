package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

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
        assertEquals(0, exit, console::toString);
        JsonNode s = new ObjectMapper().readTree(runDirs().get(0).resolve("summary.json").toFile());
        assertTrue(s.get("passed").asBoolean());
        assertEquals(3, s.get("seed").asLong());
        assertEquals("valid", s.at("/delivery/verdict").asText());
        assertTrue(s.at("/delivery/attempted").asLong() > 0);
        assertTrue(s.at("/latency/e2e/count").asLong() > 0);
        assertTrue(console.out().contains("PASSED"), console.out());
        String run = Files.readString(runDirs().get(0).resolve("run.json"));
        assertTrue(run.contains("--seed 3"), "run.json records the command that reproduces the run");
    }

    @Test
    void shouldExitOneForAnImpossibleSlo() throws Exception {
        int exit = imbench("run", scenario(TINY).toString(), "--out", dir.resolve("runs").toString(),
                "--set", "slo.0=latency.e2e.p50 < 1us", "--quiet");
        assertEquals(1, exit, console::toString);
        assertTrue(console.out().contains("SLO FAIL latency.e2e.p50 < 1us"), console.out());
    }

    @Test
    void shouldExitTwoWithFileAndLineForABrokenScenario() throws Exception {
        int exit = imbench("run", scenario(TINY.replace("clients: 20", "clients: twenty")).toString(),
                "--out", dir.resolve("runs").toString());
        assertEquals(2, exit);
        assertTrue(console.err().contains("tiny.yaml:3: population.clients: expected a whole number"), console.err());
        assertFalse(Files.exists(dir.resolve("runs")), "nothing is run for a broken scenario");
    }

    @Test
    void shouldExitTwoForUnknownArgumentsAndScenarios() {
        assertEquals(2, imbench("run", "no-such-scenario", "--out", dir.toString()));
        assertTrue(console.err().contains("not one of the shipped scenarios"), console.err());
        assertEquals(2, imbench("run", "c2c", "--frobnicate"));
        assertEquals(2, imbench("sweep", "c2c", "--vary", "clients"));
    }

    @Test
    void shouldListTheCommandsInHelp() {
        assertEquals(0, imbench("--help"));
        for (String c : List.of("run", "demo", "sweep", "server", "toxiproxy", "report", "compare")) {
            assertTrue(console.out().contains(c), c);
            assertEquals(0, imbench(c, "--help"), c);
        }
        assertFalse(console.toString().contains("picocli WARN"), "every help text formats cleanly");
    }

    @Test
    void shouldRebuildCompareAndMergeRealRuns() throws Exception {
        Path f = scenario(TINY);
        String runs = dir.resolve("runs").toString();
        assertEquals(0, imbench("run", f.toString(), "--out", runs, "--seed", "1", "--quiet"), console.err());
        assertEquals(0, imbench("run", f.toString(), "--out", runs, "--seed", "2", "--quiet"), console.err());
        List<Path> two = runDirs();
        assertEquals(2, two.size());

        Files.delete(two.get(0).resolve("index.html"));
        assertEquals(0, imbench("report", two.get(0).toString()));
        assertTrue(Files.exists(two.get(0).resolve("index.html")), "report rebuilt from the directory alone");

        assertEquals(0, imbench("compare", two.get(0).toString(), two.get(1).toString(), "--tolerance", "100",
                "--out", dir.resolve("cmp").toString()), console.out());
        try (Stream<Path> s = Files.list(dir.resolve("cmp"))) {
            assertTrue(Files.exists(s.findFirst().orElseThrow().resolve("compare.json")));
        }

        assertEquals(2, imbench("report", "--merge", two.get(0).toString(), two.get(1).toString(),
                "--out", dir.resolve("merged").toString()), console::toString);
        assertTrue(console.err().contains("has no ledger.bin: only shards of one run can be merged"), console.err());
        assertEquals(2, imbench("compare", two.get(0).toString(), dir.resolve("nope").toString()));
    }

    @Test
    void shouldAttachToAnExternalServerThroughItsIplist() throws Exception {
        try (dev.imbench.server.ImServer server = dev.imbench.server.ImServer.start(dev.imbench.server.ServerConfig.defaults())) {
            String iplist = "http://127.0.0.1:" + server.httpAddress().getPort() + "/iplist";
            int exit = imbench("run", scenario(TINY).toString(), "--out", dir.resolve("runs").toString(), "--quiet",
                    "--set", "transport=tcp", "--set", "server.iplistUrl=" + iplist, "--set", "phases.0.duration=1s");
            assertEquals(0, exit, console::toString);
            assertTrue(Files.readString(runDirs().get(0).resolve("events.jsonl")).contains("external gate"));
            assertTrue(Files.readString(runDirs().get(0).resolve("server-metrics.prom")).contains("imbench_"),
                    "the external server's metrics are kept beside the clients' view");
        }
        assertEquals(2, imbench("run", scenario(TINY).toString(), "--out", dir.resolve("runs2").toString(), "--quiet",
                "--set", "transport=tcp", "--set", "server.iplistUrl=http://127.0.0.1:9/iplist"));
        assertTrue(console.err().contains("is the server running?"), console.err());
    }
}

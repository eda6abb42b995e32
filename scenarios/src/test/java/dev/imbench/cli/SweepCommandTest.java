package dev.imbench.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code imbench sweep} end to end: real in-process server and simulator, tiny scenarios of one second. */
class SweepCommandTest {

    /** One-to-one chat only, so the per-kind throughput is known. */
    private static final String C2C = """
            name: tiny
            population: {clients: 20, rampPerSec: 200}
            phases:
              - {name: steady, duration: 1s, rates: {c2c: 20}}
            slo:
              - delivery.lost == 0
            drainTimeout: 15s
            # a busy shared machine must not turn these runs inconclusive: these tests are about the sweep
            generator: {minAchieved: 0.5, maxLag: 2s}
            """;

    /** Chat and groups: the simulator cannot yet tell the per-kind throughput apart. */
    private static final String MIXED = """
            name: tiny
            population: {clients: 20, rampPerSec: 200}
            groups: {count: 2, minSize: 3, maxSize: 6}
            phases:
              - {name: steady, duration: 1s, rates: {c2c: 20, c2g: 4}}
            slo:
              - delivery.lost == 0
            drainTimeout: 15s
            # a busy shared machine must not turn these runs inconclusive: these tests are about the sweep
            generator: {minAchieved: 0.5, maxLag: 2s}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private int sweep(String scenario, String... args) throws Exception {
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, scenario);
        List<String> all = new ArrayList<>(List.of("sweep", f.toString(), "--out", runs().toString(), "--no-report"));
        all.addAll(List.of(args));
        return Imbench.commandLine().execute(all.toArray(String[]::new));
    }

    private Path runs() {
        return dir.resolve("runs");
    }

    private Path sweepDir() throws Exception {
        try (Stream<Path> s = Files.list(runs())) {
            return s.filter(p -> p.getFileName().toString().contains("sweep-tiny")).findFirst().orElseThrow();
        }
    }

    private JsonNode sweepJson() throws Exception {
        return JSON.readTree(sweepDir().resolve("sweep.json").toFile());
    }

    private String output() {
        return console.toString();
    }

    @Test
    void shouldFindNoDifferenceBeyondTheNoiseBandBetweenTwoIdenticalSettings() throws Exception {
        int exit = sweep(C2C, "--vary", "server.fanout=write,write", "--repeat", "5");
        assertEquals(0, exit, output());
        JsonNode sweep = sweepJson();
        assertEquals(10, sweep.get("runs").size());
        List<Integer> order = new ArrayList<>();
        sweep.get("runs").forEach(r -> order.add(r.get("combination").asInt()));
        assertEquals(List.of(0, 1, 1, 0, 0, 1, 1, 0, 0, 1), order, "interleaved, every other round reversed");
        JsonNode second = sweep.at("/combinations/1");
        assertTrue(second.get("withinNoise").asBoolean(), "A/A differs: " + second.toPrettyString());
        assertEquals(0, second.get("differsBeyondNoise").size());
        for (String m : List.of("latency.e2e.p99", "latency.e2e.p50", "throughput.deliveriesPerSec")) {
            JsonNode d = second.path("vsFirst").path(m);
            assertTrue(d.get("band").isNumber() && Math.abs(d.get("difference").asDouble()) <= d.get("band").asDouble(),
                    m + ": " + d);
            assertEquals(5, second.at("/metrics/" + m + "/n").asInt());
        }
        assertTrue(sweep.at("/noise/definition").asText().contains("sum of their spreads"));
        assertTrue(sweep.at("/noise/judged").asBoolean());
        assertFalse(sweep.at("/warmup/recorded").asBoolean(), "the warm-up run is not one of the sweep's runs");
        assertTrue(Path.of(sweep.at("/warmup/run").asText()).startsWith(sweepDir()), "the warm-up run is kept apart");
        assertTrue(output().contains("no difference beyond noise"), output());
    }

    @Test
    void shouldShowThePerKindRatesOfAMixedRunAsItsSummaryHasThem() throws Exception {
        assertEquals(0, sweep(MIXED, "--vary", "server.fanout=write,read", "--repeat", "1", "--no-warmup"), output());
        Matcher row = Pattern.compile("(?m)^\\s+1 server\\.fanout=write\\s+1/1\\s+0 passed\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)")
                .matcher(output());
        assertTrue(row.find(), output());
        JsonNode t = JSON.readTree(Path.of(sweepJson().at("/runs/0/run").asText()).resolve("summary.json").toFile())
                .get("throughput");
        assertTrue(t.get("c2cPerSec").asDouble() > 0 && t.get("c2gPerSec").asDouble() > 0, t.toString());
        assertEquals(SweepTable.number(t.get("c2cPerSec"), "%.1f"), row.group(1), "c2c/s of a mixed run, not 0.0");
        assertEquals(SweepTable.number(t.get("c2gPerSec"), "%.1f"), row.group(2), "c2g/s of a mixed run");
        assertEquals(SweepTable.number(t.get("deliveriesPerSec"), "%.1f"), row.group(3));
        assertTrue(output().contains("not judged (one run each)"), output());
        assertTrue(sweepJson().at("/warmup/skipped").asText().contains("--no-warmup"));
        assertEquals(3, Files.readAllLines(sweepDir().resolve("sweep.csv")).size());
        assertTrue(Files.readString(sweepDir().resolve("sweep.html")).contains("Capacity"), "the chart is written");
    }

    @Test
    void shouldRefuseACombinationBeforeTheFirstRun() throws Exception {
        int exit = sweep(C2C, "--vary", "transport=tcp,local", "--set", "network=3g",
                "--set", "server.toxiproxyUrl=http://127.0.0.1:1", "--repeat", "1");
        assertEquals(2, exit, output());
        assertTrue(output().contains("refused before any run") && output().contains("transport=local")
                && output().contains("server.toxiproxyUrl with transport local"), output());
        assertFalse(Files.exists(runs()), "nothing ran, not even the combinations that could");

        assertEquals(2, sweep(C2C, "--vary", "clients=5,-3"), output());
        assertTrue(output().contains("clients=-3: --set clients=-3"), output());
        assertFalse(Files.exists(runs()));
    }

    /** Each match of a pattern of three groups as "a:b:c". */
    private static List<String> triples(String pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(pattern).matcher(text);
        while (m.find()) {
            found.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
        }
        return found;
    }

    @Test
    void shouldBracketTheCapacityAndAgreeOnExitCodesEverywhere() throws Exception {
        int exit = sweep(C2C, "--find-max", "rate", "--from", "10", "--to", "90", "--steps", "3",
                "--slo", "throughput.sendsPerSec < 25", "--no-warmup");
        assertEquals(0, exit, output());
        JsonNode sweep = sweepJson();
        JsonNode cap = sweep.get("capacity");
        assertTrue(cap.get("bracketed").asBoolean(), cap.toPrettyString());
        assertEquals(10.0, cap.get("highestPassing").asDouble());
        assertEquals(50.0, cap.get("lowestFailing").asDouble());
        assertEquals(0, cap.get("exitCode").asInt());
        assertFalse(cap.get("generatorBound").asBoolean());
        List<String> progress = triples("(?m)^imbench: probe rate=(\\d+) \\(run 1 of 1\\) -> exit (\\d) \\((\\w+)\\)$", output());
        assertEquals(List.of("10:0:pass", "90:1:fail", "50:1:fail"), progress, output());
        assertEquals(progress, triples("(?m)^\\s+\\d+ rate=(\\d+)\\s+1/1\\s+(\\d) (\\w+)\\s", output()),
                "the progress lines and the table agree");
        for (int i = 0; i < 3; i++) {
            JsonNode probe = cap.at("/probes/" + i);
            assertEquals(sweep.at("/runs/" + i + "/exitCode").asInt(), probe.get("exitCode").asInt());
            JsonNode throughput = JSON.readTree(Path.of(probe.at("/runs/0").asText()).resolve("summary.json").toFile())
                    .at("/throughput");
            // c2c only: the per-kind rate where the summary has one, else every acked send is a c2c send
            double achieved = throughput.path("c2cPerSec").asDouble(throughput.path("sendsPerSec").asDouble());
            assertEquals(achieved, probe.get("achieved").asDouble(), 1e-3, "achieved is the probe's summary throughput");
            assertTrue(achieved > 0.5 * probe.get("asked").asDouble(), probe.toString());
        }
        assertTrue(output().contains("imbench: capacity bracketed: rate 10 meets"), output());
    }

    @Test
    void shouldSayInWordsAndExitCodeWhenTheRangeIsNeverBracketed() throws Exception {
        assertEquals(4, sweep(C2C, "--find-max", "rate", "--from", "10", "--to", "20", "--steps", "4",
                "--slo", "delivery.lost == 0", "--no-warmup"), output());
        JsonNode above = sweepJson().get("capacity");
        assertFalse(above.get("bracketed").asBoolean());
        assertEquals("above-range", above.get("outcome").asText());
        assertEquals(20.0, above.get("highestPassing").asDouble());
        assertTrue(above.get("lowestFailing").isNull());
        assertTrue(output().contains("not bracketed: every probe passed"), output());
    }

    @Test
    void shouldSayWhenEvenTheLowestValueFails() throws Exception {
        assertEquals(1, sweep(C2C, "--find-max", "rate", "--from", "10", "--to", "20",
                "--slo", "throughput.sendsPerSec > 1000", "--no-warmup"), output());
        JsonNode below = sweepJson().get("capacity");
        assertFalse(below.get("bracketed").asBoolean());
        assertEquals("below-range", below.get("outcome").asText());
        assertEquals(1, below.get("probes").size());
        assertTrue(output().contains("not bracketed: the lowest rate tried, 10, already fails"), output());
    }

    @Test
    void shouldRunEachRunInAFreshJvmWithFork() throws Exception {
        assertEquals(0, sweep(C2C, "--vary", "server.fanout=write,read", "--repeat", "1", "--fork"), output());
        JsonNode sweep = sweepJson();
        assertTrue(sweep.get("fork").asBoolean());
        assertTrue(sweep.at("/warmup/skipped").asText().contains("--fork"), "no warm-up of a JVM no run uses");
        long a = sweep.at("/runs/0/pid").asLong();
        long b = sweep.at("/runs/1/pid").asLong();
        long self = ProcessHandle.current().pid();
        assertTrue(a > 0 && b > 0 && a != b && a != self && b != self, "each run in its own process: " + a + ", " + b);
        for (JsonNode r : sweep.get("runs")) {
            assertTrue(Files.exists(Path.of(r.get("run").asText()).resolve("summary.json")), r.toString());
            assertTrue(r.get("throughput").get("deliveriesPerSec").asDouble() > 0, r.toString());
        }
        assertEquals("read", sweep.at("/runs/1/settings/server.fanout").asText());
    }

    @Test
    void shouldEndTheSweepWithTheInterruptedRunWhenAskedToStop() throws Exception {
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, C2C.replace("duration: 1s", "duration: 5m"));
        SweepCommand command = new SweepCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new picocli.CommandLine(command).execute(
                f.toString(), "--out", runs().toString(), "--no-report", "--no-warmup", "--repeat", "2",
                "--vary", "server.fanout=write,read"));
        await().atMost(Duration.ofSeconds(60)).until(() -> console.out().contains("imbench: run directory"));
        command.control.requestStop("test");
        assertEquals(Imbench.EXIT_INTERRUPTED, exit.get(90, TimeUnit.SECONDS), output()); // not 4 runs of 5 minutes
        JsonNode sweep = sweepJson();
        assertEquals(1, sweep.get("runs").size(), "no run starts after the stop");
        assertEquals(Imbench.EXIT_INTERRUPTED, sweep.at("/runs/0/exitCode").asInt());
        assertEquals("interrupted", sweep.at("/runs/0/verdict").asText());
        assertTrue(output().contains("-> exit 130 (interrupted)") && output().contains("imbench: sweep exit 130"), output());
    }

    @Test
    void shouldExplainTheDefaultsAndTheExitCodesInHelp() {
        assertEquals(0, Imbench.commandLine().execute("sweep", "--help"));
        String help = console.out().replaceAll("\\s+", " ");
        for (String s : List.of("--repeat", "--fork", "--[no-]warmup", "default: 3 with --vary", "Noise band",
                "4 not bracketed", "3 not bracketed", "refused one")) {
            assertTrue(help.contains(s), s + " in:\n" + help);
        }
        assertFalse(help.contains("picocli WARN"));
        assertEquals(2, Imbench.commandLine().execute("sweep", "c2c", "--repeat", "0"));
        assertEquals(2, Imbench.commandLine().execute("sweep", "c2c", "--find-max", "rate", "--from", "10", "--to", "20",
                "--slo", "delivery.lost == 0", "--steps", "1"));
    }
}

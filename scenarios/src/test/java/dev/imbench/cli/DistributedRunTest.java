package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.junit.RequiredServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four simulator shards ({@code imbench run --shard i/4}, each its own JVM) against one {@code imbench
 * server} process on loopback, meeting on a Redis barrier, merged with {@code imbench report --merge}: c2c
 * and group messages, the groups created once (each by its first member's shard) and used by every shard.
 * The merged verdict has the attempts and expected deliveries of a one-process run of the same scenario
 * and seed and counts the deliveries between shards. One shard runs a hostile recipient
 * ({@code --plant-loss 1}: a client acks one push from another shard and forgets it): every shard alone
 * says lost 0, the merge says lost 1 and names that message, the one-process run loses nothing. A few
 * seconds of load per shard.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DistributedRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> JUDGED = Set.of(0, 3); // passed, or inconclusive on a busy machine

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private Path scenario(String http) throws IOException {
        Path f = dir.resolve("dist.yaml");
        Files.writeString(f, """
                name: dist
                seed: 5
                population: {clients: 40, rampPerSec: 200, transport: tcp}
                groups: {count: 4, minSize: 4, maxSize: 10}
                phases:
                  - name: steady
                    duration: 3s
                    rates: {c2c: 30, c2g: 10}
                slo:
                  - delivery.lost == 0
                drainTimeout: 30s
                server: {iplistUrl: "http://%s/iplist"}
                """.formatted(http));
        return f;
    }

    /** The shard that runs the hostile recipient. */
    private static final int HOSTILE = 1;

    private static Process shard(Path scenario, int index, String key, Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Imbench.class.getName(), "run",
                scenario.toString(), "--shard", index + "/4", "--start-barrier", "redis://127.0.0.1:6379/" + key,
                "--out", out.toString(), "--quiet", "--no-report"));
        if (index == HOSTILE) {
            cmd.addAll(List.of("--plant-loss", "1"));
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<Path> runDirs(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static JsonNode json(Path f) throws IOException {
        return JSON.readTree(f.toFile());
    }

    @Test
    void shouldJudgeFourShardsWithGroupsAsOneRunAndFindTheHostileRecipientsLossNoShardSees() throws Exception {
        RequiredServices.redis("the four-shard distributed run");
        try (NodeProcess server = NodeProcess.start("server", "all", Map.of("tcpPort", 0, "httpPort", 0, "wsPort", -1))) {
            Path sc = scenario(server.http());
            String key = "imbench-test:dist:" + UUID.randomUUID();
            Path shardsOut = dir.resolve("shards");
            List<Process> procs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                procs.add(shard(sc, i, key, shardsOut, dir.resolve("shard" + i + ".log")));
            }
            for (int i = 0; i < 4; i++) {
                Process p = procs.get(i);
                boolean done = p.waitFor(180, TimeUnit.SECONDS);
                String log = Files.readString(dir.resolve("shard" + i + ".log"));
                assertTrue(done, "shard " + i + " did not finish: " + log);
                assertTrue(JUDGED.contains(p.exitValue()), "shard " + i + " exited " + p.exitValue() + ": " + log);
            }
            List<Path> shards = runDirs(shardsOut);
            assertEquals(4, shards.size());

            int one = Imbench.commandLine().execute("run", sc.toString(), "--out", dir.resolve("one").toString(),
                    "--quiet", "--no-report");
            assertTrue(JUDGED.contains(one), console.toString());
            JsonNode single = json(runDirs(dir.resolve("one")).get(0).resolve("delivery.json"));

            List<String> args = new ArrayList<>(List.of("report", "--merge"));
            shards.forEach(s -> args.add(s.toString()));
            args.addAll(List.of("--out", dir.resolve("merged").toString()));
            assertEquals(1, Imbench.commandLine().execute(args.toArray(String[]::new)),
                    "the merged run fails its SLO delivery.lost == 0: " + console);
            JsonNode merged = json(runDirs(dir.resolve("merged")).get(0).resolve("delivery.json"));
            assertTrue(runDirs(dir.resolve("merged")).get(0).getFileName().toString().endsWith("-dist-merged-s5"),
                    "the merged run is named by its scenario and seed: " + runDirs(dir.resolve("merged")));

            assertEquals(single.get("attempted").asLong(), merged.get("attempted").asLong(), "same seed, same attempts");
            assertEquals(single.get("expected").asLong(), merged.get("expected").asLong());
            assertEquals(single.get("ackedC2g").asLong(), merged.get("ackedC2g").asLong(), "the same group messages");
            assertTrue(merged.get("attempted").asLong() > 60, merged.toString());
            assertTrue(merged.get("ackedC2g").asLong() > 5, "every shard sent to the groups: " + merged);
            assertEquals(0, single.get("lost").asLong(), single.toString());
            long planted = plantedMessage(shardDir(shards, HOSTILE));
            assertEquals(1, merged.get("lost").asLong(), "the hostile recipient's loss, and nothing else: " + merged);
            assertEquals(planted, merged.at("/examples/lost/0/msg").asLong(), merged.at("/examples/lost").toString());
            assertEquals("invalid", merged.get("verdict").asText());
            long judgedAlone = 0;
            long attemptedAlone = 0;
            for (Path s : shards) {
                JsonNode d = json(s.resolve("delivery.json"));
                judgedAlone += d.get("expected").asLong();
                attemptedAlone += d.get("attempted").asLong();
                assertEquals(0, d.get("lost").asLong(), "no shard alone sees the loss: " + s);
                assertEquals(0, d.get("unexpected").asLong(), "arrivals from other shards are not unexpected: " + s);
            }
            assertEquals(merged.get("attempted").asLong(), attemptedAlone, "each message is attempted on one shard");
            JsonNode cross = merged.at("/shards/crossShard");
            assertEquals(merged.get("expected").asLong() - judgedAlone, cross.get("expected").asLong(),
                    "what no shard can judge alone is what crosses shards");
            assertEquals(1, cross.get("lost").asLong(), cross.toString());
            assertEquals(cross.get("delivered").asLong(), cross.at("/e2e/count").asLong());
            JsonNode summary = json(runDirs(dir.resolve("merged")).get(0).resolve("summary.json"));
            assertEquals(merged.get("delivered").asLong(), summary.at("/latency/e2e/count").asLong(),
                    "the merged e2e holds every delivered message, cross-shard ones included");
            assertEquals(json(runDirs(dir.resolve("one")).get(0).resolve("summary.json")).at("/latency/e2e/count").asLong(),
                    summary.at("/latency/e2e/count").asLong() + 1, "every delivery of the one-process run but the dropped one");
            JsonNode run = json(runDirs(dir.resolve("merged")).get(0).resolve("run.json"));
            assertEquals(40, run.at("/clients/target").asLong());
            assertTrue(run.at("/clients/peakOnline").asLong() <= 40, "the shards' online clients add up to the population");
        }
    }

    /**
     * The run directory of shard {@code index}, by its name: the directories sort by their start second
     * first, and shards that start across a second boundary (a busy machine) sort out of shard order.
     */
    private static Path shardDir(List<Path> shards, int index) {
        String mark = "-shard" + index + "of" + shards.size() + "-";
        List<Path> found = shards.stream().filter(p -> p.getFileName().toString().contains(mark)).toList();
        assertEquals(1, found.size(), "one run directory of shard " + index + " in " + shards);
        return found.get(0);
    }

    /** The client message id the hostile recipient of a shard's run dropped (its plant-loss event). */
    private static long plantedMessage(Path shard) throws IOException {
        List<Long> ids = new ArrayList<>();
        Pattern message = Pattern.compile("the push of message (\\d+) from another shard");
        for (String line : Files.readAllLines(shard.resolve("events.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            Matcher m = message.matcher(e.path("detail").asText());
            if (e.path("name").asText().equals("plant-loss") && m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        assertEquals(1, ids.size(), "one planted drop in " + shard);
        return ids.get(0);
    }
}

package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.junit.RequiredServices;
import dev.imbench.sim.ledger.LedgerReader;
import dev.imbench.sim.ledger.LedgerWriter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four simulator shards ({@code imbench run --shard i/4}, each its own JVM) against one {@code imbench
 * server} process on loopback, meeting on a Redis barrier, merged with {@code imbench report --merge}:
 * the merged verdict has the attempts and expected deliveries of a one-process run of the same scenario
 * and seed, nothing lost, and counts the messages between shards. A recipient shard that dropped one push
 * from another shard (it acked the push but its ledger never got the arrival) passes on its own; the
 * merge finds the loss. A few seconds of load per shard.
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
                phases:
                  - name: steady
                    duration: 3s
                    rates: {c2c: 40}
                slo:
                  - delivery.lost == 0
                drainTimeout: 30s
                server: {iplistUrl: "http://%s/iplist"}
                """.formatted(http));
        return f;
    }

    private static Process shard(Path scenario, int index, String key, Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Imbench.class.getName(), "run",
                scenario.toString(), "--shard", index + "/4", "--start-barrier", "redis://127.0.0.1:6379/" + key,
                "--out", out.toString(), "--quiet", "--no-report"));
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
    void shouldJudgeFourShardsAsOneRunAndFindACrossShardLossNoShardSees() throws Exception {
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
            assertTrue(JUDGED.contains(Imbench.commandLine().execute(args.toArray(String[]::new))), console.toString());
            JsonNode merged = json(runDirs(dir.resolve("merged")).get(0).resolve("delivery.json"));

            assertEquals(single.get("attempted").asLong(), merged.get("attempted").asLong(), "same seed, same attempts");
            assertEquals(single.get("expected").asLong(), merged.get("expected").asLong());
            assertTrue(merged.get("attempted").asLong() > 60, merged.toString());
            assertEquals(0, merged.get("lost").asLong(), merged.toString());
            assertEquals(0, single.get("lost").asLong(), single.toString());
            assertEquals("valid", merged.get("verdict").asText());
            long judgedAlone = 0;
            long attemptedAlone = 0;
            for (Path s : shards) {
                JsonNode d = json(s.resolve("delivery.json"));
                judgedAlone += d.get("expected").asLong();
                attemptedAlone += d.get("attempted").asLong();
                assertEquals(0, d.get("unexpected").asLong(), "arrivals from other shards are not unexpected: " + s);
            }
            assertEquals(merged.get("attempted").asLong(), attemptedAlone, "each message is attempted on one shard");
            JsonNode cross = merged.at("/shards/crossShard");
            assertEquals(merged.get("expected").asLong() - judgedAlone, cross.get("expected").asLong(),
                    "what no shard can judge alone is what crosses shards");
            assertTrue(cross.get("expected").asLong() > 0 && cross.get("lost").asLong() == 0, cross.toString());
            assertEquals(cross.get("delivered").asLong(), cross.at("/e2e/count").asLong());
            JsonNode summary = json(runDirs(dir.resolve("merged")).get(0).resolve("summary.json"));
            assertEquals(merged.get("delivered").asLong(), summary.at("/latency/e2e/count").asLong(),
                    "the merged e2e holds every delivered message, cross-shard ones included");
            assertEquals(json(runDirs(dir.resolve("one")).get(0).resolve("summary.json")).at("/latency/e2e/count").asLong(),
                    summary.at("/latency/e2e/count").asLong());
            JsonNode run = json(runDirs(dir.resolve("merged")).get(0).resolve("run.json"));
            assertEquals(40, run.at("/clients/target").asLong());
            assertTrue(run.at("/clients/peakOnline").asLong() <= 40, "the shards' online clients add up to the population");

            plantedLoss(shards);
        }
    }

    /** A copy of the shards where one recipient dropped one push from another shard after acking it. */
    private void plantedLoss(List<Path> shards) throws Exception {
        List<Path> copies = new ArrayList<>();
        long dropped = -1;
        for (Path s : shards) {
            Path c = dir.resolve("planted").resolve(s.getFileName());
            copyTree(s, c);
            if (dropped < 0) {
                dropped = dropFirstForeignArrival(c.resolve(LedgerWriter.FILE));
            }
            copies.add(c);
        }
        assertTrue(dropped > 0, "some shard received a message from another shard");
        for (Path c : copies) {
            assertEquals(0, json(c.resolve("delivery.json")).get("lost").asLong(), "no shard alone sees the loss: " + c);
        }
        List<String> args = new ArrayList<>(List.of("report", "--merge"));
        copies.forEach(c -> args.add(c.toString()));
        args.addAll(List.of("--out", dir.resolve("planted-merged").toString()));
        assertEquals(1, Imbench.commandLine().execute(args.toArray(String[]::new)), console.toString());
        JsonNode merged = json(runDirs(dir.resolve("planted-merged")).get(0).resolve("delivery.json"));
        assertEquals(1, merged.get("lost").asLong());
        assertEquals(1, merged.at("/shards/crossShard/lost").asLong());
        assertEquals(dropped, merged.at("/examples/lost/0/msg").asLong(), merged.at("/examples/lost").toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /**
     * Rewrites a ledger file (format of docs/run-directory.md) without its first arrival of a message sent
     * on another shard; returns that message's id, or -1 if it has none.
     */
    private static long dropFirstForeignArrival(Path file) throws IOException {
        ByteArrayOutputStream attempts = new ByteArrayOutputStream();
        ByteArrayOutputStream arrivals = new ByteArrayOutputStream();
        long[] kept = {0, -1};
        ObjectNode header;
        long attemptCount;
        try (LedgerReader r = LedgerReader.open(file);
             DataOutputStream at = new DataOutputStream(attempts);
             DataOutputStream ar = new DataOutputStream(arrivals)) {
            header = r.header().deepCopy();
            int index = header.get("shardIndex").asInt();
            int count = header.get("shardCount").asInt();
            attemptCount = header.get("attempts").asLong();
            r.attempts((sender, counter, target, intended, sent, acked) -> {
                at.writeInt(sender);
                at.writeInt(counter);
                at.writeInt(target);
                at.writeLong(intended);
                at.writeLong(sent);
                at.writeLong(acked);
            });
            r.arrivals((recipient, id, msgid, viaPull, t) -> {
                if (kept[1] < 0 && (int) (id >>> 32) % count != index) {
                    kept[1] = id;
                    return;
                }
                kept[0]++;
                ar.writeInt(recipient);
                ar.writeLong(id);
                ar.writeLong(msgid);
                ar.writeByte(viaPull ? 1 : 0);
                ar.writeLong(t);
            });
        }
        if (kept[1] < 0) {
            return -1;
        }
        header.put("arrivals", kept[0]);
        byte[] head = JSON.writeValueAsBytes(header);
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.write("IMBLEDG1".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(head.length);
            out.write(head);
            out.writeLong(attemptCount);
            out.write(attempts.toByteArray());
            out.writeLong(kept[0]);
            out.write(arrivals.toByteArray());
        }
        return kept[1];
    }
}

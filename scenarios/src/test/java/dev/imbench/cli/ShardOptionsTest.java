package dev.imbench.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.junit.RequiredServices;
import dev.imbench.runner.ShardSync;
import dev.imbench.sim.load.ShardPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * {@code imbench run --shard}: a malformed or contradictory option is refused before anything runs
 * (exit 2, with what to give instead); a scenario a shard cannot run is refused with why; at the start
 * barrier a second shard with one index is refused, and a shard alone gives up after its timeout.
 */
class ShardOptionsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private String scenario(String server) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                name: s
                population: {clients: 4, rampPerSec: 100, transport: tcp}
                phases: [{name: steady, duration: 1s, rates: {c2c: 4}}]
                """ + server);
        return f.toString();
    }

    private int run(String... args) {
        return Imbench.commandLine().execute(args);
    }

    @Test
    void shouldRefuseMalformedOrContradictoryShardOptions() throws Exception {
        String s = scenario("");
        String out = dir.resolve("runs").toString();
        assertEquals(2, run("run", s, "--shard", "4/4", "--start-barrier", "redis://127.0.0.1:6379/k", "--out", out));
        assertTrue(console.err().contains("the index must be in 0..3"), console.err());
        assertEquals(2, run("run", s, "--shard", "two", "--out", out));
        assertTrue(console.err().contains("--shard takes INDEX/COUNT"), console.err());
        assertEquals(2, run("run", s, "--shard", "1/4", "--out", out));
        assertTrue(console.err().contains("needs --start-barrier"), console.err());
        assertEquals(2, run("run", s, "--start-barrier", "redis://127.0.0.1:6379/k", "--out", out));
        assertTrue(console.err().contains("give --shard"), console.err());
        assertEquals(2, run("run", s, "--shard", "0/2", "--start-barrier", "http://host/k", "--out", out));
        assertTrue(console.err().contains("redis://HOST:PORT/KEY"), console.err());
        assertEquals(2, run("run", s, "--plant-loss", "1", "--out", out));
        assertTrue(console.err().contains("--plant-loss drops pushes of messages sent on other shards: give --shard"),
                console.err());
        assertEquals(2, run("run", s, "--shard", "0/2", "--start-barrier", "redis://127.0.0.1:6379/k", "--plant-loss", "-1",
                "--out", out));
        assertTrue(console.err().contains("--plant-loss counts pushes to drop: >= 0"), console.err());
        assertTrue(!Files.exists(dir.resolve("runs")), "nothing ran");
    }

    @Test
    void shouldRefuseAShardOfAScenarioWithItsOwnInProcessServer() throws Exception {
        assertEquals(2, run("run", scenario(""), "--shard", "0/2", "--start-barrier", "redis://127.0.0.1:1/unused",
                "--out", dir.resolve("runs").toString(), "--quiet"));
        assertTrue(console.toString().contains("cannot run --shard 0/2 with an in-process server"), console.toString());
    }

    @Test
    void shouldRefuseASecondShardWithOneIndexAndGiveUpWithoutTheOthers() throws Exception {
        RequiredServices.redis("the start barrier test");
        String key = "imbench-test:barrier:" + UUID.randomUUID();
        ShardSync barrier = ShardSync.RedisBarrier.parse("redis://127.0.0.1:6379/" + key, Duration.ofSeconds(2));
        ShardPlan first = new ShardPlan(0, 2);
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return barrier.start(first);
            } catch (Exception e) {
                return e;
            }
        });
        try (RedisClient redis = RedisClient.create("redis://127.0.0.1:6379")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.scard(key + ":start") == 1);
            UnsupportedOperationException twice = assertThrows(UnsupportedOperationException.class,
                    () -> barrier.start(new ShardPlan(0, 2)));
            assertTrue(twice.getMessage().contains("shard index 0 is already at the start barrier"), twice.getMessage());
            Object alone = waiting.get();
            assertTrue(alone instanceof IllegalStateException e && e.getMessage().contains("only 1 of 2 shards reached"),
                    String.valueOf(alone));
            redis.del(key + ":start");
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldTellEveryShardTheServerIdsOfTheGroupsTheOthersCreated() throws Exception {
        RequiredServices.redis("the shards' group exchange");
        String key = "imbench-test:groups:" + UUID.randomUUID();
        ShardSync barrier = ShardSync.RedisBarrier.parse("redis://127.0.0.1:6379/" + key, Duration.ofSeconds(2));
        Duration wait = Duration.ofSeconds(20);
        CompletableFuture<Map<Integer, Long>> zero = CompletableFuture.supplyAsync(() -> {
            try {
                return barrier.groups(Map.of(0, 100L, 2, 102L), 3, wait);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Map<Integer, Long> one = barrier.groups(Map.of(1, 101L), 3, wait);
        assertEquals(Map.of(0, 100L, 1, 101L, 2, 102L), one);
        assertEquals(one, zero.get());
        assertEquals(null, barrier.groups(Map.of(), 4, Duration.ofMillis(50)),
                "a group no shard created: the wait gives up (the run is broken)");
        try (RedisClient redis = RedisClient.create("redis://127.0.0.1:6379")) {
            redis.hset(key + ":groups", "7", "107");
            UnsupportedOperationException other = assertThrows(UnsupportedOperationException.class,
                    () -> barrier.groups(Map.of(), 3, wait));
            assertTrue(other.getMessage().contains("names group 7 of a run with 3 groups"), other.getMessage());
            redis.del(key + ":groups");
        }
    }
}

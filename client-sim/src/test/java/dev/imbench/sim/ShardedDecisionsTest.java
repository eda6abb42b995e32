package dev.imbench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.FakeGate;
import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.LedgerReader;
import dev.imbench.sim.ledger.LedgerWriter;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.load.ShardPlan;
import dev.imbench.sim.transport.PipelineHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard acts out its slice of the one global plan: the decisions of shards 0..2 of 3, put together, are
 * the decisions of the whole population in one process (same senders, recipients, intended offsets and
 * client message ids), each shard starts only its own clients, and its ledger file holds its attempts.
 */
class ShardedDecisionsTest {

    private static final ClientSettings FAST = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(2))
            .withRetries(new Backoff(20_000_000L, 200_000_000L), 3);
    private static final int CLIENTS = 13;
    private static final Duration STEADY = Duration.ofMillis(600);

    private static List<String> run(ShardPlan shard, Path dir) throws Exception {
        try (FakeGate gate = FakeGate.start()) {
            SimulationConfig config = SimulationConfig.builder().seed(21).clients(CLIENTS).shard(shard)
                    .transport(new TransportSpec.Local(gate.localAddress(), 1, PipelineHook.NONE))
                    .tokens((uid, device) -> "t").client(FAST).build();
            try (Simulation sim = Simulation.create(config)) {
                sim.ramp(CLIENTS, 2000);
                assertTrue(sim.awaitOnline(shard.size(CLIENTS), Duration.ofSeconds(10)));
                assertEquals(shard.size(CLIENTS), sim.stats().online(), "a shard starts only its own clients");
                sim.phase("steady", LoadProfile.constant(260, 0), STEADY);
                TimeUnit.NANOSECONDS.sleep(STEADY.toNanos());
                assertTrue(sim.drain(Duration.ofSeconds(15)));
                DeliveryReport r = sim.writeRunFiles(dir);
                if (shard.partial()) {
                    sim.writeLedger(dir, Map.of("scenario", "t"));
                    try (LedgerReader ledger = LedgerReader.open(dir.resolve(LedgerWriter.FILE))) {
                        assertEquals(r.attempted(), ledger.header().get("attempts").asLong());
                        assertEquals(shard.index(), ledger.header().get("shardIndex").asInt());
                        ledger.attempts((sender, counter, target, intended, sent, acked) ->
                                assertTrue(shard.owns(sender), "only this shard's senders: " + sender));
                    }
                }
            }
            List<String> rows = new ArrayList<>(Files.readAllLines(dir.resolve("decisions.csv")));
            rows.remove(0);
            return rows;
        }
    }

    @Test
    void shouldSplitTheOneProcessDecisionsAmongTheShards(@TempDir Path dir) throws Exception {
        List<String> whole = run(ShardPlan.WHOLE, dir.resolve("whole"));
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> part = run(new ShardPlan(i, 3), dir.resolve("shard" + i));
            int index = i;
            assertTrue(part.stream().allMatch(r -> Integer.parseInt(r.split(",")[2].replaceAll("\\D", "")) % 3 == index),
                    "shard " + i + " sends only from its own clients");
            joined.addAll(part);
        }
        assertTrue(whole.size() > 80, "rows " + whole.size());
        assertEquals(whole.stream().sorted().toList(), joined.stream().sorted().toList(),
                "the shards' decisions together are the one-process decisions");
        assertTrue(joined.stream().anyMatch(r -> {
            String[] f = r.split(",");
            return Integer.parseInt(f[2].replaceAll("\\D", "")) % 3 != Integer.parseInt(f[3].replaceAll("\\D", "")) % 3;
        }), "some messages cross shards");
    }
}

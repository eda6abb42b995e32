package dev.imbench.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicInstaller;
import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.load.ArrivalProcess;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.load.Seeds;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.transport.PipelineHook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ground truth for the network path: a latency toxic of L ms each way on every client's connection to the
 * in-process reference server. An ack crosses the link twice (send up, ack down) and so does a message
 * end to end (sender up to the server, push down to the recipient): both medians move to 2L, give or take
 * 5 %: 50 ms, far more than the in-process path adds even on a busy machine (about 1 ms idle, 5 to 10 ms
 * of late timer and thread wake-ups at a load average of 10 on two cores). The load starts once every
 * client has logged in and pulled (two round trips).
 */
class PlantedLatencyTest {

    private static final long L = 500;        // ms, each way
    private static final int CLIENTS = 10;
    private static final long SEED = 5;
    private static final ClientSettings SETTINGS = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10))
            .withRetries(new Backoff(20_000_000L, 200_000_000L), 5);

    /** The toxics every connection carries: L ms of latency upstream and downstream, no jitter. */
    static List<ToxicSpec> latency(long oneWayMs) {
        return List.of(
                new ToxicSpec("latency_up", "latency", Direction.UPSTREAM, 1.0, Map.of("latency", oneWayMs, "jitter", 0L)),
                new ToxicSpec("latency_down", "latency", Direction.DOWNSTREAM, 1.0, Map.of("latency", oneWayMs, "jitter", 0L)));
    }

    @Test
    void shouldMoveTheAckAndEndToEndMediansToTwiceTheOneWayLatency(@TempDir Path dir) throws Exception {
        AtomicInteger installed = new AtomicInteger();
        PipelineHook toxics = (pipeline, client) -> {
            installed.incrementAndGet();
            ToxicInstaller.install(pipeline, latency(L), Seeds.forPurpose(SEED, Seeds.CONNECTION_TOXICS, client));
        };
        try (ImServer server = ImServer.start(ServerConfig.defaults())) {
            SimulationConfig config = SimulationConfig.builder().seed(SEED).clients(CLIENTS)
                    .transport(new TransportSpec.Local(server.localAddress(), 1, toxics))
                    .tokens((uid, device) -> server.tokens().issue(uid, device)).client(SETTINGS).build();
            Histogram[] ack;
            Histogram[] e2e;
            try (Simulation sim = Simulation.create(config)) {
                sim.ramp(CLIENTS, 200);
                assertTrue(sim.awaitOnline(CLIENTS, Duration.ofSeconds(10)));
                Duration run = Duration.ofSeconds(2);
                long end = sim.phase("steady", new LoadProfile(50, 50, 0, 0, ArrivalProcess.CONSTANT, 0), run)
                        + run.toNanos();
                await().atMost(run.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> System.nanoTime() >= end);
                assertTrue(sim.drain(Duration.ofSeconds(15)), "drain completes");
                DeliveryReport r = sim.writeRunFiles(dir);
                assertEquals("valid", r.verdict(), r.toString());
                assertEquals(0, r.deliveredByPull(), "every message was pushed to an online recipient");
                ack = sim.latency(Metric.ACK);
                e2e = sim.latency(Metric.E2E);
            }
            assertEquals(CLIENTS, installed.get(), "one toxic handler per connection, none reconnected");
            double expected = 2 * L;
            System.out.printf(Locale.ROOT, "planted latency: L=%d ms each way, expected p50 %.0f ms: ack p50 %.1f ms"
                            + " (raw %.1f, %d samples), e2e p50 %.1f ms (raw %.1f, %d samples)%n", L, expected,
                    ack[0].getValueAtPercentile(50) / 1000.0, ack[1].getValueAtPercentile(50) / 1000.0, ack[0].getTotalCount(),
                    e2e[0].getValueAtPercentile(50) / 1000.0, e2e[1].getValueAtPercentile(50) / 1000.0, e2e[0].getTotalCount());
            assertTrue(ack[0].getTotalCount() >= 90, "about 50/s for 2 s: " + ack[0].getTotalCount());
            assertEquals(expected, ack[0].getValueAtPercentile(50) / 1000.0, expected * 0.05, "ack p50 = 2L ± 5 %");
            assertEquals(expected, e2e[0].getValueAtPercentile(50) / 1000.0, expected * 0.05, "e2e p50 = 2L ± 5 %");
        }
    }
}

package dev.imbench.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.sim.business.BusinessApi;
import dev.imbench.sim.business.BusinessReport;
import dev.imbench.sim.business.HttpBusinessApi;
import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.transport.PipelineHook;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * c2s reports, s2c business pushes and periodic pulls at a rate against the real reference server:
 * every report the gate queued reaches the consumer, every push the API accepted reaches its client,
 * each latency counted from the intended start; a consumer that loses reports makes the run invalid.
 */
class BusinessFlowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClientSettings SETTINGS = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
            .withRetries(new Backoff(20_000_000L, 300_000_000L), 5)
            .withPullPageSize(10);
    private static final int CLIENTS = 40;

    private ImServer server;
    private HttpBusinessApi api;

    @BeforeEach
    void startServer() {
        server = ImServer.start(ServerConfig.defaults());
        api = new HttpBusinessApi(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()), server.apiSecret());
    }

    @AfterEach
    void stopServer() {
        api.close();
        server.close();
    }

    private Simulation simulation(BusinessApi business) {
        return Simulation.create(SimulationConfig.builder().seed(7).clients(CLIENTS)
                .transport(new TransportSpec.Local(server.localAddress(), 1, PipelineHook.NONE))
                .tokens((uid, device) -> server.tokens().issue(uid, device)).client(SETTINGS)
                .business(business).build());
    }

    private static JsonNode runFlows(Simulation sim, Path dir) throws Exception {
        sim.ramp(CLIENTS, 2000);
        assertTrue(sim.awaitOnline(CLIENTS, Duration.ofSeconds(20)), sim.stats().line());
        sim.phase("flows", LoadProfile.constant(60, 0).withFlows(150, 150, 40), Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.checkBusiness().c2s().acked() >= 40);
        // A quarter of the clients go offline for a while: pushes to them are dropped by design, not lost.
        assertTrue(sim.offline(0.25, Duration.ofMillis(400)) > 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() > 0 && sim.checkBusiness().s2c().attempted() >= 200);
        assertTrue(sim.drain(Duration.ofSeconds(20)), "drain completes: " + sim.stats().line());
        sim.writeRunFiles(dir);
        return JSON.readTree(dir.resolve("delivery.json").toFile());
    }

    @Test
    void shouldDeliverEveryQueuedReportAndAcceptedPushOnceWithLatencyFromTheIntendedStart(@TempDir Path dir)
            throws Exception {
        try (Simulation sim = simulation(api)) {
            JsonNode d = runFlows(sim, dir);
            JsonNode c2s = d.path("business").path("c2s");
            JsonNode s2c = d.path("business").path("s2c");
            JsonNode pulls = d.path("business").path("pulls");
            System.out.println("business flows: " + d.path("business"));
            assertEquals("valid", d.path("verdict").asText(), d.toString());
            assertTrue(c2s.path("attempted").asLong() >= 150, c2s.toString());
            assertEquals(c2s.path("attempted").asLong(), c2s.path("acked").asLong(), c2s.toString());
            assertEquals(c2s.path("acked").asLong(), c2s.path("consumed").asLong(), c2s.toString());
            assertEquals(0, c2s.path("lost").asLong());
            // A report pending when its client went offline is resent on reconnect and may be queued twice:
            // the queue's at-least-once, counted, never lost.
            assertTrue(c2s.path("duplicated").asLong() <= sim.counters().resendCount(), c2s + " vs resends");
            assertTrue(s2c.path("attempted").asLong() >= 200, s2c.toString());
            assertEquals(s2c.path("attempted").asLong(), s2c.path("accepted").asLong() + s2c.path("offline").asLong(),
                    "every call answered: " + s2c);
            assertTrue(s2c.path("offline").asLong() > 0, "pushes to offline clients are dropped: " + s2c);
            assertEquals(s2c.path("accepted").asLong(), s2c.path("delivered").asLong()
                    + s2c.path("droppedAtDisconnect").asLong(), s2c.toString());
            assertEquals(0, s2c.path("lost").asLong());
            assertEquals(0, s2c.path("duplicated").asLong());
            assertTrue(pulls.path("rounds").asLong() > 10, pulls.toString());
            assertTrue(pulls.path("pages").asLong() >= pulls.path("rounds").asLong(), pulls.toString());
            // One latency sample per first read, per receipt and per round.
            assertEquals(c2s.path("consumed").asLong(), sim.latency(Metric.C2S)[0].getTotalCount());
            assertEquals(s2c.path("delivered").asLong(), sim.latency(Metric.S2C)[0].getTotalCount());
            assertEquals(pulls.path("rounds").asLong(), sim.latency(Metric.PULL_PERIODIC)[0].getTotalCount());
            assertEquals(c2s.path("acked").asLong(), sim.latency(Metric.C2S_ACK)[0].getTotalCount());
            for (String f : List.of("c2s.hlog", "c2s-ack.hlog", "s2c.hlog", "pull-periodic.hlog")) {
                assertTrue(Files.size(dir.resolve("latency").resolve(f)) > 0, f);
            }
            assertEquals(0, d.path("lost").asLong(), "the chat messages alongside: " + d);
        }
    }

    @Test
    void shouldFailTheRunWhenTheConsumerLosesReportsOrReadsOnesNoClientSent(@TempDir Path dir) throws Exception {
        BusinessApi lossy = new BusinessApi() {
            private boolean planted;

            @Override
            public int push(String uid, String business, String payload) throws IOException, InterruptedException {
                return api.push(uid, business, payload);
            }

            @Override
            public List<Report> poll(String business, int max) throws IOException, InterruptedException {
                List<Report> out = new ArrayList<>();
                for (Report r : api.poll(business, max)) {
                    if (r.clientMsgId() % 5 != 0) { // every fifth report vanishes between the queue and the consumer
                        out.add(r);
                    }
                }
                if (!planted) {
                    planted = true;
                    out.add(new Report("nobody", 123456789L));
                }
                return out;
            }
        };
        try (Simulation sim = simulation(lossy)) {
            JsonNode d = runFlows(sim, dir);
            JsonNode c2s = d.path("business").path("c2s");
            assertEquals("invalid", d.path("verdict").asText(), d.toString());
            assertFalse(d.path("valid").asBoolean(true));
            assertTrue(c2s.path("lost").asLong() > 0, c2s.toString());
            assertEquals(c2s.path("acked").asLong() - c2s.path("consumed").asLong(), c2s.path("lost").asLong());
            assertEquals(1, c2s.path("unexpected").asLong(), c2s.toString());
            String examples = d.path("business").path("examples").toString();
            assertTrue(examples.contains("never read by the consumer"), examples);
            assertTrue(examples.contains("123456789"), examples);
            assertEquals(0, d.path("lost").asLong(), "chat messages are not concerned: " + d);
        }
    }

    @Test
    void shouldRefuseC2sAndS2cRatesWithoutABusinessApi() {
        try (Simulation sim = simulation(null)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sim.phase("p", LoadProfile.constant(1, 0).withFlows(10, 0, 0), Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("business API"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> sim.load(LoadProfile.constant(1, 0).withFlows(0, 10, 0), Duration.ofSeconds(1)));
            // Periodic pulls need nothing but the gate.
            sim.phase("pulls", LoadProfile.IDLE.withFlows(0, 0, 5), Duration.ofMillis(10));
            BusinessReport r = sim.checkBusiness();
            assertTrue(r.valid());
        }
    }
}

package dev.imbench.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.client.HttpSsoTokenSource;
import dev.imbench.sim.client.TokenSource;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.transport.DisconnectCause;
import dev.imbench.sim.transport.PipelineHook;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator against the real reference server (in-process, memory back ends). */
class SimulationReferenceServerTest {

    private static final ClientSettings SETTINGS = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
            .withRetries(new Backoff(20_000_000L, 300_000_000L), 5)
            .withPullPageSize(10);

    private ImServer server;

    @BeforeEach
    void startServer() {
        server = ImServer.start(ServerConfig.defaults());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SimulationConfig.Builder config(TransportSpec transport, int clients, TokenSource tokens) {
        return SimulationConfig.builder().seed(42).clients(clients).transport(transport).tokens(tokens)
                .deviceTypes(List.of(DeviceType.ANDROID, DeviceType.IOS)).client(SETTINGS);
    }

    private TokenSource inProcessTokens() {
        return (uid, device) -> server.tokens().issue(uid, device);
    }

    @Test
    void shouldLoseNothingOverLocalTransportWithGroupsAndOfflinePull(@TempDir Path run) throws Exception {
        DeliveryReport r = run(new TransportSpec.Local(server.localAddress(), 1, PipelineHook.NONE), 200,
                inProcessTokens(), run);
        assertTrue(r.deliveredByPull() > 0, r.toString());
    }

    @Test
    void shouldLoseNothingOverTcpWithHttpSsoLogin(@TempDir Path run) throws Exception {
        URI sso = URI.create("http://127.0.0.1:" + server.httpAddress().getPort());
        DeliveryReport r = run(new TransportSpec.Tcp(server.tcpAddress(), 8), 100, new HttpSsoTokenSource(sso), run);
        assertTrue(r.deliveredByPull() > 0, r.toString());
    }

    @Test
    void shouldLoseNothingWithReadDiffusionGroups(@TempDir Path run) throws Exception {
        server.close();
        server = ImServer.start(ServerConfig.defaults().toBuilder().fanoutMode(FanoutMode.READ).build());
        DeliveryReport r = run(new TransportSpec.Local(server.localAddress(), 1, PipelineHook.NONE), 60,
                inProcessTokens(), run);
        assertTrue(r.expected() > r.acked(), "group messages fan out: " + r);
    }

    @Test
    void shouldLoseNothingOverWebSocket(@TempDir Path run) throws Exception {
        DeliveryReport r = run(new TransportSpec.Ws(server.wsUri()), 60, inProcessTokens(), run);
        assertTrue(r.delivered() > 0, r.toString());
    }

    private DeliveryReport run(TransportSpec transport, int clients, TokenSource tokens, Path dir) throws Exception {
        List<int[]> groups = List.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, new int[] {11, 22, 33, 44, 55});
        try (Simulation sim = Simulation.create(config(transport, clients, tokens).groups(groups).build())) {
            sim.ramp(clients, 2000);
            assertTrue(sim.awaitOnline(clients, Duration.ofSeconds(20)), "all logged in: " + sim.stats().line());
            assertTrue(sim.createGroups(Duration.ofSeconds(5)), "groups created");
            sim.load(LoadProfile.constant(400, 40), Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().sent() >= 150);
            assertTrue(sim.offline(0.25, Duration.ofMillis(600)) > 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.stats().sent() >= 700);
            assertTrue(sim.drain(Duration.ofSeconds(20)), "drain completes: " + sim.stats().line());
            DeliveryReport r = sim.writeRunFiles(dir);
            assertEquals(0, r.lost(), r.toString());
            assertEquals(0, r.unexpected(), r.toString());
            assertEquals(0, r.duplicated(), r.toString());
            assertEquals("valid", r.verdict());
            assertEquals(r.attempted(), r.acked());
            assertEquals(r.expected(), r.delivered());
            return r;
        }
    }

    @Test
    void shouldBeKickedOnceBySecondDeviceOfSameTypeAndNotReconnect(@TempDir Path run) throws Exception {
        TransportSpec local = new TransportSpec.Local(server.localAddress(), 1, PipelineHook.NONE);
        try (Simulation sim = Simulation.create(config(local, 20, inProcessTokens()).build())) {
            sim.ramp(20, 1000);
            assertTrue(sim.awaitOnline(20, Duration.ofSeconds(10)));
            sim.kickout(new int[] {4, 5, 17});
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.counters().kickoutCount() == 3
                    && sim.counters().online() == 20);
            sim.load(LoadProfile.constant(100, 0), Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().acked() >= 50);
            assertTrue(sim.drain(Duration.ofSeconds(10)));
            DeliveryReport r = sim.writeRunFiles(run);
            assertEquals(3, sim.counters().disconnectCount(DisconnectCause.KICKOUT));
            assertEquals(3, sim.counters().kickoutCount(), "the kicked devices never came back to be kicked again");
            assertEquals(0, r.lost(), r.toString());
            assertEquals("valid", r.verdict(), r.toString());
        }
    }
}

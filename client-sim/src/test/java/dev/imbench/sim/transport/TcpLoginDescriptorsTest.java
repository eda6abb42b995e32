package dev.imbench.sim.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.sim.Simulation;
import dev.imbench.sim.SimulationConfig;
import dev.imbench.sim.TransportSpec;
import dev.imbench.sim.client.HttpSsoTokenSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logging clients in over the SSO and the TCP gate costs one descriptor per client on each side and a
 * bounded number for the SSO, however many log in at once: the 20 000-descriptor limit of a process then
 * holds close to 20 000 clients. Server and clients share this JVM, so {@code /proc/self/fd} counts both ends.
 */
class TcpLoginDescriptorsTest {

    private static final int SSO_SLACK = 2 * HttpSsoTokenSource.DEFAULT_MAX_IN_FLIGHT + 40;

    private ImServer server;
    private URI sso;

    @BeforeEach
    void startServer() {
        server = ImServer.start(ServerConfig.defaults());
        sso = URI.create("http://127.0.0.1:" + server.httpAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldHoldBoundedSsoConnectionsWhenManyLoginsAreAskedAtOnce() throws Exception {
        HttpSsoTokenSource tokens = new HttpSsoTokenSource(sso);
        tokens.token("warm-up", DeviceType.IOS);
        long before = openSockets();
        int logins = 400;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < logins; i++) {
                String uid = "u" + i;
                answers.add(threads.submit(() -> {
                    go.await();
                    return tokens.token(uid, DeviceType.ANDROID);
                }));
            }
            go.countDown();
            for (Future<String> a : answers) {
                assertTrue(!a.get().isEmpty());
            }
        }
        long grown = openSockets() - before;
        assertTrue(grown <= SSO_SLACK, logins + " logins at once left " + grown + " more sockets open (client and"
                + " server ends of the SSO connections), expected at most " + SSO_SLACK);
    }

    @Test
    void shouldCostOneDescriptorPerClientOnEachSideAfterLogin() throws Exception {
        long before = openSockets();
        int clients = 300;
        SimulationConfig config = SimulationConfig.builder().seed(7).clients(clients)
                .transport(new TransportSpec.Tcp(server.tcpAddress(), 8)).tokens(new HttpSsoTokenSource(sso))
                .deviceTypes(List.of(DeviceType.ANDROID)).build();
        try (Simulation sim = Simulation.create(config)) {
            sim.ramp(clients, 5000);
            assertTrue(sim.awaitOnline(clients, Duration.ofSeconds(30)), "all logged in: " + sim.stats().line());
            assertEquals(clients, server.sessionCount());
            long grown = openSockets() - before;
            assertTrue(grown <= 2L * clients + SSO_SLACK, clients + " clients online hold " + grown
                    + " more sockets in this JVM (gate client + server ends and the SSO's), expected at most "
                    + (2L * clients + SSO_SLACK));
        }
    }

    /** Sockets this process holds open now (Linux: the {@code socket:[inode]} links of /proc/self/fd). */
    private static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}

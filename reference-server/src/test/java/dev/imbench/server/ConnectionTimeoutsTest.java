package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.Keepalive;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Idle means no complete frame: a slowloris client trickling bytes is closed after {@code idleTimeout};
 * a connection that only sends keepalives is closed after {@code authTimeout}; connections past the caps
 * are closed at accept; each is counted in the metrics.
 */
@EachBackendSet
class ConnectionTimeoutsTest {

    @Parameter
    BackendSet backendSet;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTicker() {
        ticker.shutdownNow();
    }

    /** Whether the server closed {@code s} (read returns -1 or the connection was reset). */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(50);
            InputStream in = s.getInputStream();
            while (true) {
                int b = in.read(new byte[4096]);
                if (b < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends a keepalive every 100 ms until the connection is closed. */
    private void keepalivesEvery100ms(WireClient client) {
        ticker.scheduleAtFixedRate(() -> {
            try {
                client.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
            } catch (RuntimeException e) {
                // closed: what the unauthenticated test waits for
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldCloseASlowlorisThatTricklesOneFrameByteByByte() throws Exception {
        Duration idle = Duration.ofMillis(800);
        try (ImServer server = backendSet.start(ServerConfig.builder().idleTimeout(idle).build());
             WireClient client = WireClient.tcp(server.tcpAddress())) {
            client.login(server.tokens()::issue, "alice", DeviceType.IOS);
            byte[] frame = FrameCodec.encode(Frame.of(CmdId.C2C_SEND_REQ, 9, C2CSendRequest.newBuilder()
                    .setFrom("alice").setTo("bob").setContent("x".repeat(2000)).setClientMsgId(1).build()));
            AtomicInteger sent = new AtomicInteger();
            long start = System.nanoTime();
            ticker.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                if (i < frame.length) {
                    try {
                        client.writeRaw(new byte[] {frame[i]});
                    } catch (IOException e) {
                        // closed: what the test waits for
                    }
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            client.awaitClosed();
            double survived = (System.nanoTime() - start) / 1e9;
            System.out.printf("a slowloris trickling 20 bytes/s survived %.2f s (idleTimeout %s)%n", survived, idle);
            assertTrue(sent.get() < frame.length, "closed before the frame was complete");
            assertEquals(1, server.metrics().idleClosedCount());
            await().until(() -> server.backends().presence().routes("alice").isEmpty());
        }
    }

    @Test
    void shouldCloseAConnectionThatStaysUnauthenticatedThoughItSendsKeepalives() throws Exception {
        ServerConfig config = ServerConfig.builder().idleTimeout(Duration.ofSeconds(30))
                .authTimeout(Duration.ofMillis(600)).build();
        try (ImServer server = backendSet.start(config);
             WireClient client = WireClient.tcp(server.tcpAddress())) {
            keepalivesEvery100ms(client);
            client.awaitClosed();
            assertEquals(1, server.metrics().unauthenticatedClosedCount());
            assertEquals(0, server.metrics().idleClosedCount());
        }
    }

    @Test
    void shouldKeepAnAuthenticatedConnectionThatSendsKeepalives() throws Exception {
        ServerConfig config = ServerConfig.builder().idleTimeout(Duration.ofMillis(800))
                .authTimeout(Duration.ofSeconds(2)).build();
        try (ImServer server = backendSet.start(config);
             WireClient client = WireClient.tcp(server.tcpAddress())) {
            client.login(server.tokens()::issue, "alice", DeviceType.IOS);
            keepalivesEvery100ms(client);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !client.isClosed());
            assertEquals(0, server.metrics().unauthenticatedClosedCount() + server.metrics().idleClosedCount());
        }
    }

    @Test
    void shouldCloseConnectionsPastTheCapsAndCountThem() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.builder().maxConnections(2).build())) {
            List<Socket> three = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                three.add(new Socket("127.0.0.1", server.tcpAddress().getPort()));
            }
            // The three may become active in any order (several event loops): one of them is refused.
            await().until(() -> three.stream().filter(ConnectionTimeoutsTest::closedByServer).count() == 1);
            assertEquals(1, server.metrics().connectionsRefusedCount());
            Socket open = three.stream().filter(x -> !closedByServer(x)).findFirst().orElseThrow();
            for (Socket x : three) {
                x.close();
            }
            await().until(() -> server.metrics().connections() == 0);
            assertTrue(open.isClosed());
            try (Socket d = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
                await().during(Duration.ofMillis(300)).until(() -> !closedByServer(d));
            }
        }
        try (ImServer server = backendSet.start(ServerConfig.builder().maxConnectionsPerAddress(1).build());
             Socket a = new Socket("127.0.0.1", server.tcpAddress().getPort());
             Socket b = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
            await().until(() -> closedByServer(a) != closedByServer(b));
            assertEquals(1, server.metrics().connectionsRefusedCount());
        }
    }
}

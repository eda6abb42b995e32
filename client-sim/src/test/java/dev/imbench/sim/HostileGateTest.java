package dev.imbench.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.measure.SimCounters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A gate that answers garbage, closes mid-frame or stalls: clients record it, retry, and never hang the run. */
class HostileGateTest {

    private static final ClientSettings QUICK = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(200))
            .withRetries(new Backoff(10_000_000L, 50_000_000L), 2);

    /** Accepts connections and hands each socket to {@code behaviour} on a virtual thread. */
    private static ServerSocket hostile(Consumer<Socket> behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> behaviour.accept(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static void write(Socket s, byte[] bytes, boolean close) {
        try {
            s.getInputStream().readNBytes(20);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            if (close) {
                s.close();
            }
        } catch (IOException ignored) {
            // The client went away first.
        }
    }

    private void shouldRecordFaultsAndRetryWithoutHanging(Consumer<Socket> behaviour) throws Exception {
        try (ServerSocket server = hostile(behaviour)) {
            SimulationConfig config = SimulationConfig.builder().clients(3).tokens((u, d) -> "t").client(QUICK)
                    .transport(new TransportSpec.Tcp((InetSocketAddress) server.getLocalSocketAddress(), 0)).build();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try (Simulation sim = Simulation.create(config)) {
                    sim.ramp(3, 100);
                    await().atMost(Duration.ofSeconds(5)).until(() -> sim.counters().total(SimCounters.Series.ERRORS) >= 6);
                    assertEquals(0, sim.counters().online());
                    DeliveryReport r = sim.check();
                    assertEquals("incomplete", r.verdict(), "no drain ran");
                }
            });
        }
    }

    @Test
    void shouldRetryWhenTheGateAnswersGarbage() throws Exception {
        // headLength 99 instead of 20: a fatal header error.
        byte[] garbage = {0, 0, 0, 99, 0, 0, 0, 1, 0, 0, 0, 102, 0, 0, 0, 1, 0, 0, 0, 0};
        shouldRecordFaultsAndRetryWithoutHanging(s -> write(s, garbage, false));
    }

    @Test
    void shouldRetryWhenTheGateClosesMidFrame() throws Exception {
        byte[] half = {0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 102};
        shouldRecordFaultsAndRetryWithoutHanging(s -> write(s, half, true));
    }

    @Test
    void shouldRetryWhenTheGateStalls() throws Exception {
        shouldRecordFaultsAndRetryWithoutHanging(s -> write(s, new byte[0], false));
    }
}

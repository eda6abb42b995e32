package dev.imbench.sim;

import dev.imbench.testsupport.FakeGate;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.MessageIds;
import dev.imbench.sim.load.ArrivalProcess;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.transport.PipelineHook;
import dev.imbench.sim.measure.SimCounters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gate that answers garbage, closes mid-frame or stalls: clients record it, retry, and never hang the run;
 * and a gate that loses, duplicates, reorders, invents and never acks a known number of messages: the
 * checker reports exactly that many of each.
 */
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

    /** Counters of sender 0's messages that get each planted anomaly (k = 3 each), 0.2 s apart. */
    private static final Set<Integer> LOST = Set.of(3, 10, 17);
    private static final Set<Integer> DUPLICATED = Set.of(4, 11, 18);
    private static final Set<Integer> REORDERED_AFTER = Set.of(5, 12, 19);   // pushed after the next one: 6, 13, 20
    private static final Set<Integer> PHANTOM_AFTER = Set.of(8, 15, 22);
    /** Counters of sender 1's messages stored and delivered but never acked, late in the run. */
    private static final Set<Integer> RECOVERED = Set.of(26, 28, 30);
    private static final int K = 3;

    private static boolean planted(long id, int sender, Set<Integer> counters) {
        return MessageIds.sender(id) == sender && counters.contains(MessageIds.counter(id));
    }

    @Test
    void shouldReportExactlyThePlantedLostDuplicatedReorderedUnexpectedAndRecoveredMessages(@TempDir Path dir)
            throws Exception {
        ClientSettings settings = ClientSettings.DEFAULTS
                .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(2))
                .withRetries(new Backoff(10_000_000L, 50_000_000L), 2);
        try (FakeGate gate = FakeGate.start()) {
            gate.ackWithoutStore = id -> planted(id, 0, LOST);
            gate.storeTwice = id -> planted(id, 0, DUPLICATED);
            gate.pushAfterNext = id -> planted(id, 0, REORDERED_AFTER);
            gate.phantomOf = id -> planted(id, 0, PHANTOM_AFTER) ? MessageIds.of(0, 1_000_000 + MessageIds.counter(id)) : 0;
            gate.storeWithoutAck = id -> planted(id, 1, RECOVERED);
            // Two clients: every c2c message of one goes to the other, so "the next one of its conversation" is
            // the sender's next message, 0.2 s later: time for the ack of the one held back to come first. The
            // plants on sender 0 are over (about 4.4 s in) before sender 1's unacked messages make client 1
            // reconnect (from about 5.3 s).
            SimulationConfig config = SimulationConfig.builder().seed(9).clients(2)
                    .transport(new TransportSpec.Local(gate.localAddress(), 1, PipelineHook.NONE))
                    .tokens((u, d) -> "t").client(settings).build();
            try (Simulation sim = Simulation.create(config)) {
                sim.ramp(2, 100);
                assertTrue(sim.awaitOnline(2, Duration.ofSeconds(5)));
                Duration run = Duration.ofMillis(6500);
                long end = sim.phase("faults", new LoadProfile(10, 10, 0, 0, ArrivalProcess.CONSTANT, 0), run)
                        + run.toNanos();
                await().atMost(run.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> System.nanoTime() >= end);
                assertTrue(sim.drain(Duration.ofSeconds(15)), "drain completes");
                DeliveryReport r = sim.writeRunFiles(dir);
                System.out.printf("planted faults: k=%d each; reported lost %d, duplicated %d (wire %d), reordered %d,"
                                + " unexpected %d, recovered %d of %d attempted%n", K, r.lost(), r.duplicated(),
                        r.duplicatedWire(), r.reordered(), r.unexpected(), r.recovered(), r.attempted());
                assertTrue(r.attempted() >= 60, "sender 1 reached its planted messages: " + r);
                assertEquals(K, r.lost(), r.toString());
                assertEquals(K, r.duplicated(), r.toString());
                assertEquals(K, r.duplicatedWire(), "each copy shown twice arrived twice on the wire: " + r);
                assertEquals(K, r.reordered(), r.toString());
                assertEquals(K, r.reorderedArrival(), r.toString());
                assertEquals(K, r.unexpected(), r.toString());
                assertEquals(K, r.recovered(), r.toString());
                assertEquals(r.attempted() - K, r.acked(), r.toString());
                assertEquals(r.attempted() - K, r.delivered(), "all but the lost arrived, first copies only: " + r);
                assertEquals(K, sim.counters().abandonedCount(), "the unacked messages were given up");
                assertEquals("invalid", r.verdict());
                String json = Files.readString(dir.resolve("delivery.json"));
                for (int c : REORDERED_AFTER) {
                    assertTrue(json.contains("\"msg\" : " + MessageIds.of(0, c + 1)), "the one pushed first is the"
                            + " reordered example: " + json);
                }
            }
        }
    }
}

package dev.imbench.sim;

import dev.imbench.testsupport.FakeGate;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.MessageIds;
import dev.imbench.sim.load.ArrivalProcess;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.transport.DisconnectCause;
import dev.imbench.sim.transport.PipelineHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator end to end against {@link FakeGate}, on both transports. */
class SimulationFakeGateTest {

    private static final ClientSettings FAST = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(2))
            .withRetries(new Backoff(20_000_000L, 200_000_000L), 3)
            .withPullPageSize(7);

    private FakeGate gate;

    @BeforeEach
    void startGate() throws InterruptedException {
        gate = FakeGate.start();
    }

    @AfterEach
    void stopGate() {
        gate.close();
    }

    private SimulationConfig.Builder config(TransportSpec transport, int clients) {
        return SimulationConfig.builder().seed(7).clients(clients).transport(transport)
                .tokens((uid, device) -> "token-" + uid).client(FAST);
    }

    private TransportSpec local() {
        return new TransportSpec.Local(gate.localAddress(), 1, PipelineHook.NONE);
    }

    private TransportSpec tcp() {
        return new TransportSpec.Tcp(gate.tcpAddress(), 4);
    }

    @Test
    void shouldAccountForEveryC2cAndC2gMessageOverLocalTransportWithOfflinePull(@TempDir Path run) throws Exception {
        DeliveryReport r = mixedRun(local(), run);
        assertTrue(r.deliveredByPull() > 0, "offline clients pulled: " + r);
    }

    @Test
    void shouldAccountForEveryC2cAndC2gMessageOverTcpWithOfflinePull(@TempDir Path run) throws Exception {
        DeliveryReport r = mixedRun(tcp(), run);
        assertTrue(r.deliveredByPull() > 0, "offline clients pulled: " + r);
    }

    private DeliveryReport mixedRun(TransportSpec transport, Path run) throws Exception {
        List<int[]> groups = List.of(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {10, 20, 30, 40});
        try (Simulation sim = Simulation.create(config(transport, 60).groups(groups).traceUids(Set.of("u3")).build())) {
            sim.ramp(60, 2000);
            assertTrue(sim.awaitOnline(60, Duration.ofSeconds(10)), "all logged in");
            assertTrue(sim.createGroups(Duration.ofSeconds(5)), "groups created");
            sim.load(LoadProfile.constant(300, 60), Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().sent() >= 100);
            assertTrue(sim.offline(0.3, Duration.ofMillis(500)) > 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().sent() >= 500);
            assertTrue(sim.drain(Duration.ofSeconds(15)), "drain completes");
            DeliveryReport r = sim.writeRunFiles(run);

            assertEquals(0, r.lost(), r.toString());
            assertEquals(0, r.unexpected(), r.toString());
            assertEquals("valid", r.verdict());
            assertTrue(r.attempted() > 200, "attempted " + r.attempted());
            assertEquals(r.attempted(), r.acked());
            assertEquals(r.expected(), r.delivered());
            assertTrue(sim.counters().disconnectCount(DisconnectCause.PLANNED) > 0);

            assertTrue(Files.readString(run.resolve("delivery.json")).contains("\"verdict\" : \"valid\""));
            assertTrue(Files.readString(run.resolve("counters.json")).contains("\"connects\""));
            List<String> series = Files.readAllLines(run.resolve("series.csv"));
            assertEquals("t,sent,acked,delivered,pulled,errors,disconnects,online,offered,ackedC2c,ackedC2g,"
                    + "disconnectsPlanned,disconnectsUnplanned,lagP99Ms", series.get(0));
            assertTrue(series.size() >= 3);
            assertTrue(Files.readString(run.resolve("trace/u3.log")).contains("AUTH_REQ"));
            assertHlogHasBothTags(run.resolve("latency/e2e.hlog"));
            assertTrue(Files.exists(run.resolve("latency/login.hlog")));
            assertTrue(Files.exists(run.resolve("latency/pull.hlog")));
            return r;
        }
    }

    private static void assertHlogHasBothTags(Path hlog) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        List<String> tags = new ArrayList<>();
        long count = 0;
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            tags.add(h.getTag());
            if ("corrected".equals(h.getTag())) {
                count += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
        }
        assertTrue(tags.contains("corrected") && tags.contains("raw"), "tags " + tags);
        assertTrue(count > 0, "corrected e2e samples");
    }

    @Test
    void shouldKeepAtMostOneMessageInFlightPerClientInTheClosedModel(@TempDir Path run) throws Exception {
        try (Simulation sim = Simulation.create(config(local(), 10).build())) {
            sim.ramp(10, 1000);
            assertTrue(sim.awaitOnline(10, Duration.ofSeconds(5)));
            sim.load(LoadProfile.constant(1, 0).closed(5_000_000L), Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().acked() >= 200);
            assertTrue(sim.drain(Duration.ofSeconds(10)));
            DeliveryReport r = sim.writeRunFiles(run);
            assertEquals("valid", r.verdict(), r.toString());
            assertTrue(r.attempted() >= 200, "the closed model ignores the rate and sends after each ack + think time");
            String hlog = Files.readString(run.resolve("latency/ack.hlog"));
            assertTrue(hlog.contains("#[StartTime: ") && hlog.contains("Tag=corrected,0.000,"), hlog);
        }
    }

    @Test
    void shouldReconnectChurnedClientsAndStillLoseNothing(@TempDir Path run) throws Exception {
        try (Simulation sim = Simulation.create(config(tcp(), 30).build())) {
            sim.ramp(30, 1000);
            assertTrue(sim.awaitOnline(30, Duration.ofSeconds(5)));
            sim.load(LoadProfile.constant(200, 0), Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().sent() >= 50);
            int churned = sim.churn(0.5);
            assertTrue(churned > 0);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    sim.counters().disconnectCount(DisconnectCause.PLANNED) == churned && sim.counters().online() == 30);
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().sent() >= 300);
            assertTrue(sim.drain(Duration.ofSeconds(10)));
            DeliveryReport r = sim.writeRunFiles(run);
            assertEquals("valid", r.verdict(), r.toString());
            assertTrue(Files.exists(run.resolve("latency/reconnect.hlog")));
        }
    }

    @Test
    void shouldPassEveryLocalClientsBytesThroughTheToxicHook(@TempDir Path run) throws Exception {
        java.util.concurrent.atomic.AtomicInteger installs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong bytesOut = new java.util.concurrent.atomic.AtomicLong();
        PipelineHook countingToxic = (pipeline, client) -> {
            installs.incrementAndGet();
            pipeline.addLast(new io.netty.channel.ChannelOutboundHandlerAdapter() {
                @Override
                public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg,
                                  io.netty.channel.ChannelPromise promise) {
                    if (msg instanceof io.netty.buffer.ByteBuf b) {
                        bytesOut.addAndGet(b.readableBytes());
                    }
                    ctx.write(msg, promise);
                }
            });
        };
        TransportSpec hooked = new TransportSpec.Local(gate.localAddress(), 1, countingToxic);
        try (Simulation sim = Simulation.create(config(hooked, 5).build())) {
            sim.ramp(5, 1000);
            assertTrue(sim.awaitOnline(5, Duration.ofSeconds(5)));
            assertTrue(sim.drain(Duration.ofSeconds(5)));
            sim.writeRunFiles(run);
            assertEquals(5, installs.get());
            String counters = Files.readString(run.resolve("counters.json"));
            long counted = Long.parseLong(counters.replaceAll("(?s).*\"bytesOut\" : (\\d+).*", "$1"));
            assertEquals(counted, bytesOut.get(), "the hook saw every byte the clients wrote");
        }
    }

    @Test
    void shouldStopForGoodAfterKickoutBySecondDeviceOfSameType(@TempDir Path run) throws Exception {
        try (Simulation sim = Simulation.create(config(local(), 10).build())) {
            sim.ramp(10, 1000);
            assertTrue(sim.awaitOnline(10, Duration.ofSeconds(5)));
            sim.kickout(new int[] {3, 6});
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.counters().kickoutCount() == 2
                    && sim.counters().online() == 10);
            sim.load(LoadProfile.constant(100, 0), Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().acked() >= 50);
            assertTrue(sim.drain(Duration.ofSeconds(10)));
            DeliveryReport r = sim.writeRunFiles(run);
            assertEquals(2, sim.counters().disconnectCount(DisconnectCause.KICKOUT));
            assertEquals(2, gate.kickoutsSent, "the kicked devices never logged in again");
            assertEquals(12, Long.parseLong(Files.readString(run.resolve("counters.json"))
                    .replaceAll("(?s).*\"connects\" : (\\d+).*", "$1")));
            assertEquals("valid", r.verdict(), r.toString());
            assertTrue(Files.exists(run.resolve("latency/kickout.hlog")));
        }
    }

    @Test
    void shouldReportExactlyTheLostAndRecoveredMessagesOfAFaultyGate(@TempDir Path run) throws Exception {
        // Senders 0..4: their 2nd message is stored and pushed but never acked → recovered.
        // Senders 5..9: their 3rd message is acked but never stored → lost.
        gate.storeWithoutAck = id -> MessageIds.sender(id) < 5 && MessageIds.counter(id) == 2;
        gate.ackWithoutStore = id -> MessageIds.sender(id) >= 5 && MessageIds.sender(id) < 10
                && MessageIds.counter(id) == 3;
        try (Simulation sim = Simulation.create(config(local(), 20).build())) {
            sim.ramp(20, 1000);
            assertTrue(sim.awaitOnline(20, Duration.ofSeconds(5)));
            // 5 messages/s per client, evenly spaced: every sender reaches its 3rd message.
            sim.load(LoadProfile.constant(100, 0).withProcess(ArrivalProcess.CONSTANT), Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().sent() >= 100);
            assertTrue(sim.drain(Duration.ofSeconds(15)));
            DeliveryReport r = sim.writeRunFiles(run);
            assertEquals(5, r.lost(), r.toString());
            assertEquals(5, r.recovered(), r.toString());
            assertEquals(0, r.unexpected());
            assertEquals(r.attempted() - 5, r.acked());
            assertEquals("invalid", r.verdict());
            assertEquals(5, sim.counters().abandonedCount(), "the unacked messages were given up");
            assertTrue(sim.counters().resendCount() >= 5, "each was resent with its id before giving up");
            assertTrue(Files.readString(run.resolve("delivery.json")).contains("acked but never delivered"));
        }
    }

    @Test
    void shouldPullRowsStoredWhileOfflineEvenWhenAPushBeatsTheAuthResponse(@TempDir Path run) throws Exception {
        gate.pushNewestBeforeAuthResp = true; // the newest offline row arrives before AUTH_RESP, the older ones only by pull
        try (Simulation sim = Simulation.create(config(local(), 30).build())) {
            sim.ramp(30, 1000);
            assertTrue(sim.awaitOnline(30, Duration.ofSeconds(5)));
            sim.load(LoadProfile.constant(200, 0), Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().sent() >= 50);
            assertTrue(sim.offline(0.4, Duration.ofMillis(600)) > 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().sent() >= 350);
            assertTrue(sim.drain(Duration.ofSeconds(15)));
            DeliveryReport r = sim.writeRunFiles(run);
            assertTrue(r.deliveredByPull() > 0, "offline rows came back by pull: " + r);
            assertEquals(0, r.lost(), "a pull from the cursor the push moved would skip the older rows: " + r);
            assertEquals("valid", r.verdict());
        }
    }
}

package dev.imbench.sim;

import dev.imbench.testsupport.FakeGate;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.MessageIds;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.measure.PhaseBook;
import dev.imbench.sim.transport.PipelineHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's run files beyond the whole-run totals: warm-up tags, phase-aligned
 * intervals, e2e by push and by pull, per-slice logs, the delivery breakdowns,
 * per-kind counters and the trace header, against {@link FakeGate}.
 */
class RunFilesBreakdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClientSettings SETTINGS = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
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

    private SimulationConfig.Builder config(int clients) {
        return SimulationConfig.builder().seed(11).clients(clients)
                .transport(new TransportSpec.Local(gate.localAddress(), 1, PipelineHook.NONE))
                .tokens((uid, device) -> "token-" + uid).client(SETTINGS);
    }

    /** One interval of an .hlog. */
    private record Interval(String tag, long startMs, long endMs, long count) {
    }

    private static List<Interval> intervals(Path hlog) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        List<Interval> out = new ArrayList<>();
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            out.add(new Interval(h.getTag(), h.getStartTimeStamp(), h.getEndTimeStamp(),
                    ((Histogram) h).getTotalCount()));
        }
        return out;
    }

    private static List<Interval> union(List<Interval> a, List<Interval> b) {
        List<Interval> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long count(List<Interval> intervals, String tag) {
        return intervals.stream().filter(i -> tag.equals(i.tag())).mapToLong(Interval::count).sum();
    }

    private static JsonNode json(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    @Test
    void shouldKeepWarmupSamplesOutOfTheMeasuredTagsAndEndAnIntervalAtEachPhaseChange(@TempDir Path run)
            throws Exception {
        List<PhaseBook.Span> phases;
        long startEpoch;
        try (Simulation sim = Simulation.create(config(20).build())) {
            startEpoch = sim.startedAtEpochMs();
            sim.beginPhase("ramp", false);
            sim.ramp(20, 1000);
            assertTrue(sim.awaitOnline(20, Duration.ofSeconds(5)));
            sim.beginPhase("warmup", true);
            sim.steady(Duration.ofMillis(1500), LoadProfile.constant(200, 0));
            sim.beginPhase("steady", false);
            sim.steady(Duration.ofMillis(1500), LoadProfile.constant(200, 0));
            sim.beginPhase("drain", false);
            assertTrue(sim.drain(Duration.ofSeconds(10)));
            phases = sim.phases();
            DeliveryReport r = sim.writeRunFiles(run);
            assertEquals("valid", r.verdict(), r.toString());
        }
        List<Interval> e2e = intervals(run.resolve("latency/e2e.hlog"));
        JsonNode byPhase = json(run.resolve("delivery.json")).get("byPhase");
        long warmupDelivered = byPhase.at("/warmup/delivered").asLong();
        long measured = byPhase.at("/steady/delivered").asLong() + byPhase.at("/drain/delivered").asLong();
        assertTrue(warmupDelivered > 100 && measured > 100, byPhase.toString());
        // Every first arrival of a message intended in the warm-up is tagged warmup-, every other one measured.
        assertEquals(warmupDelivered, count(e2e, "warmup-corrected"));
        assertEquals(warmupDelivered, count(e2e, "warmup-raw"));
        assertEquals(measured, count(e2e, "corrected"));
        assertEquals(measured, count(e2e, "raw"));

        // No interval of any tag straddles a phase change; in a log written since the ramp (login) one ends at
        // each (the log keeps ms, the reader may round a timestamp down by one).
        List<Interval> login = intervals(run.resolve("latency/login.hlog"));
        for (PhaseBook.Span p : phases.subList(1, phases.size())) {
            long boundary = startEpoch + p.startMs();
            for (Interval i : union(e2e, login)) {
                assertFalse(i.startMs() + 1 < boundary && boundary < i.endMs() - 1, i + " straddles the start of " + p.name());
            }
            assertTrue(login.stream().anyMatch(i -> Math.abs(i.endMs() - boundary) <= 1),
                    "an interval ends where " + p.name() + " starts");
        }

        JsonNode gen = json(run.resolve("generator.json"));
        assertEquals(List.of("ramp", "warmup", "steady", "drain"),
                gen.get("phases").findValuesAsText("name"));
        assertTrue(gen.at("/phases/1/warmup").asBoolean());
        assertFalse(gen.at("/phases/2/warmup").asBoolean());
        JsonNode steady = gen.at("/phases/2");
        assertTrue(steady.get("offered").asLong() > 200, steady.toString());
        // Sends cross phase edges when the machine is busy (intended in one phase, sent in the next): a few %.
        assertEquals(steady.get("offered").asLong(), steady.get("achieved").asLong(),
                5 + steady.get("offered").asLong() * 0.05, steady.toString());
        assertEquals(steady.get("achieved").asLong(), steady.at("/lag/count").asLong(), 5, "one lag sample per send");
        assertTrue(gen.at("/cpu/processCpuMs").asLong() > 0 && gen.at("/cpu/threads").size() > 0, gen.toString());
        assertTrue(gen.at("/gc").has("maxPauseMs") && gen.get("cores").asInt() >= 1);
        assertTrue(Files.exists(run.resolve("latency/lag.hlog")));
    }

    @Test
    void shouldSplitE2eByPushAndPullAndBreakDeliveriesDownByPhaseSliceAndFault(@TempDir Path run) throws Exception {
        List<int[]> groups = List.of(new int[] {0, 1, 2, 3, 4, 5}, new int[] {6, 9, 12, 15});
        FaultWindow fault = new FaultWindow("subway", 0, 0, c -> c % 2 == 0);
        DeliveryReport r;
        FaultWindow window;
        try (Simulation sim = Simulation.create(config(30).groups(groups).sliceOf(i -> i % 3 == 0 ? "3g" : null)
                .traceUids(Set.of("u6")).build())) {
            sim.beginPhase("ramp", false);
            sim.ramp(30, 1000);
            assertTrue(sim.awaitOnline(30, Duration.ofSeconds(5)));
            assertTrue(sim.createGroups(Duration.ofSeconds(5)));
            sim.beginPhase("steady", false);
            sim.load(LoadProfile.constant(200, 40), Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> sim.stats().sent() >= 100);
            assertTrue(sim.offline(0.4, Duration.ofMillis(600)) > 0);
            long faultStart = sim.stats().elapsedMs();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().sent() >= 250);
            window = new FaultWindow(fault.name(), faultStart, sim.stats().elapsedMs(), fault.clients());
            sim.beginPhase("busy", false);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().sent() >= 400);
            sim.beginPhase("drain", false);
            assertTrue(sim.drain(Duration.ofSeconds(15)));
            r = sim.writeRunFiles(run, List.of(window));
        }
        assertEquals("valid", r.verdict(), r.toString());
        assertTrue(r.deliveredByPull() > 0 && r.deliveredOnline() > 0, r.toString());

        long e2e = count(intervals(run.resolve("latency/e2e.hlog")), "corrected");
        long online = count(intervals(run.resolve("latency/e2e-online.hlog")), "corrected");
        long offline = count(intervals(run.resolve("latency/e2e-offline.hlog")), "corrected");
        assertEquals(r.delivered(), e2e);
        assertEquals(r.deliveredOnline(), online, "push arrivals");
        assertEquals(r.deliveredByPull(), offline, "pull arrivals");
        assertEquals(e2e, online + offline);

        JsonNode d = json(run.resolve("delivery.json"));
        List<String> fields = List.of("attempted", "acked", "ackedC2c", "ackedC2g", "expected", "delivered", "deliveredOnline",
                "deliveredByPull", "lost", "duplicatedWire", "duplicated", "reordered", "reorderedArrival", "unexpected", "recovered");
        assertEquals(List.of("ramp", "steady", "busy", "drain"), names(d.get("byPhase")));
        assertTrue(d.at("/byPhase/steady/attempted").asLong() > 0 && d.at("/byPhase/busy/attempted").asLong() > 0);
        assertEquals(Set.of("3g", "none"), Set.copyOf(names(d.get("bySlice"))));
        JsonNode f = d.at("/byFault/subway");
        assertTrue(f.at("/before/attempted").asLong() > 0 && f.at("/during/attempted").asLong() > 0
                && f.at("/after/attempted").asLong() > 0, f.toString());
        for (String field : fields) {
            long total = d.get(field).asLong();
            assertEquals(total, sum(d.get("byPhase"), field), "byPhase " + field);
            assertEquals(total, sum(d.get("bySlice"), field), "bySlice " + field);
            assertEquals(total, sum(f, field), "byFault before+during+after " + field);
        }

        // The 3g clients' own logs: the e2e of messages they received, the acks of those they sent.
        long slicedE2e = count(intervals(run.resolve("latency/slice/3g/e2e.hlog")), "corrected");
        assertEquals(d.at("/bySlice/3g/delivered").asLong(), slicedE2e);
        assertTrue(slicedE2e > 0 && slicedE2e < e2e);
        assertEquals(d.at("/bySlice/3g/acked").asLong(),
                count(intervals(run.resolve("latency/slice/3g/ack.hlog")), "corrected"));

        JsonNode counters = json(run.resolve("counters.json"));
        assertEquals(r.acked(), counters.at("/acked/c2c").asLong() + counters.at("/acked/c2g").asLong());
        assertEquals(d.get("ackedC2g").asLong(), counters.at("/acked/c2g").asLong());
        assertTrue(counters.at("/acked/c2g").asLong() > 0 && counters.at("/offered/c2g").asLong() > 0);
        assertEquals(r.attempted(), counters.at("/offered/c2c").asLong() + counters.at("/offered/c2g").asLong(), 3,
                "every intended send was attempted: nothing was left unsent");

        List<String> series = Files.readAllLines(run.resolve("series.csv"));
        List<String> header = List.of(series.get(0).split(","));
        long planned = 0;
        long ackedC2c = 0;
        long offered = 0;
        long sent = 0;
        for (String row : series.subList(1, series.size())) {
            String[] v = row.split(",");
            sent += Long.parseLong(v[header.indexOf("sent")]);
            planned += Long.parseLong(v[header.indexOf("disconnectsPlanned")]);
            ackedC2c += Long.parseLong(v[header.indexOf("ackedC2c")]);
            offered += Long.parseLong(v[header.indexOf("offered")]);
        }
        assertTrue(planned >= 30, "background periods and the end of the run are planned: " + planned);
        assertEquals(counters.at("/acked/c2c").asLong(), ackedC2c);
        assertEquals(counters.at("/offered/c2c").asLong() + counters.at("/offered/c2g").asLong(), offered);
        assertEquals(r.attempted(), sent, "every first send is in one second's row");

        String trace = Files.readString(run.resolve("trace/u6.log"));
        assertTrue(trace.contains("network slice 3g from 0.000"), trace.lines().limit(5).toList().toString());
        assertTrue(trace.contains(String.format(Locale.ROOT, "fault subway from %.3f to %.3f",
                (double) window.startMs(), (double) window.endMs())), trace.lines().limit(5).toList().toString());
        // Message ids print as delivery.json prints its examples' "msg": the decimal client message id.
        assertTrue(trace.contains("client_msg_id: " + MessageIds.of(6, 1)), "u6's first message");
    }

    /**
     * Occupies every carrier thread of the virtual-thread scheduler for {@code millis}: spinning virtual
     * threads are never preempted, so no virtual client runs meanwhile (a generator starved of CPU).
     */
    private static List<Thread> hogCarriers(long millis) {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        long until = System.nanoTime() + millis * 1_000_000L;
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            hogs.add(Thread.ofVirtual().start(() -> {
                long spins = 0;
                while (System.nanoTime() < until) {
                    spins++;
                }
                assertTrue(spins > 0);
            }));
        }
        return hogs;
    }

    @Test
    void shouldShowAStarvedGeneratorAsScheduleLagAndAsOfferedSendsItNeverMade(@TempDir Path run) throws Exception {
        try (Simulation sim = Simulation.create(config(20).build())) {
            sim.beginPhase("ramp", false);
            sim.ramp(20, 1000);
            assertTrue(sim.awaitOnline(20, Duration.ofSeconds(5)));
            // "late": starved for 700 ms in the middle; the sends it owed go out late, when it runs again.
            sim.beginPhase("late", false);
            sim.load(LoadProfile.constant(200, 0), Duration.ofSeconds(3));
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() - t0 >= 300_000_000L);
            for (Thread h : hogCarriers(700)) {
                h.join();
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> System.nanoTime() - t0 >= 1_500_000_000L);
            // "cut": starved across its end; what it owed then was never sent.
            sim.beginPhase("cut", false);
            sim.load(LoadProfile.constant(200, 0), Duration.ofSeconds(3));
            long t1 = System.nanoTime();
            await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() - t1 >= 300_000_000L);
            List<Thread> hogs = hogCarriers(1200);
            await().atMost(Duration.ofSeconds(3)).until(() -> System.nanoTime() - t1 >= 1_000_000_000L);
            sim.beginPhase("drain", false);
            sim.load(LoadProfile.IDLE, Duration.ZERO);
            for (Thread h : hogs) {
                h.join();
            }
            assertTrue(sim.drain(Duration.ofSeconds(10)));
            sim.writeRunFiles(run);
        }
        JsonNode gen = json(run.resolve("generator.json"));
        JsonNode late = gen.at("/phases/1");
        JsonNode cut = gen.at("/phases/2");
        assertEquals("late", late.get("name").asText());
        assertTrue(late.at("/lag/p99").asDouble() >= 400, "sends owed during the stall waited for it: " + late);
        assertTrue(late.at("/lag/max").asDouble() >= 600, late.toString());
        assertEquals(late.get("offered").asLong(), late.get("achieved").asLong(), 10, late.toString());
        long offered = cut.get("offered").asLong();
        long achieved = cut.get("achieved").asLong();
        assertTrue(offered >= 150, cut.toString());
        assertTrue(achieved < 0.6 * offered, "the sends owed when the phase ended were never made: " + cut);
        assertTrue(cut.get("achievedPerSec").asDouble() < cut.get("offeredPerSec").asDouble());

        List<String> series = Files.readAllLines(run.resolve("series.csv"));
        int lagColumn = List.of(series.get(0).split(",")).indexOf("lagP99Ms");
        double worst = series.stream().skip(1).mapToDouble(row -> Double.parseDouble(row.split(",")[lagColumn]))
                .max().orElse(0);
        assertTrue(worst >= 400, "the second of the stall shows its lag: " + series);
        assertTrue(gen.at("/cpu/processCpuMs").asLong() >= 700, "the spinning carriers burned CPU: " + gen.get("cpu"));
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static long sum(JsonNode byKey, String field) {
        long s = 0;
        for (Map.Entry<String, JsonNode> e : byKey.properties()) {
            s += e.getValue().path(field).asLong();
        }
        return s;
    }
}

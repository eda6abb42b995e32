package dev.imbench.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.ReportGenerator;
import dev.imbench.reports.summary.Judge;
import dev.imbench.reports.summary.JudgeSpec;
import dev.imbench.reports.summary.SummaryBuilder;
import dev.imbench.runner.EventLog;
import dev.imbench.runner.RunDirectory;
import dev.imbench.sim.ledger.Arrival;
import dev.imbench.sim.ledger.Breakdown;
import dev.imbench.sim.ledger.DeliveryChecker;
import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.GroupDirectory;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.PhaseBook;
import dev.imbench.sim.measure.RunMeasurements;
import dev.imbench.sim.measure.SimCounters;
import dev.imbench.sim.transport.DisconnectCause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * imbench's side of a Gatling run: the client simulator's {@link DeliveryLedger} and
 * {@link RunMeasurements}, fed by small calls from the simulation's session hooks (through
 * {@link ImUser}), and, at the end, an imbench run directory (docs/run-directory.md) judged by the
 * reports module: the delivery verdict (lost, duplicated, reordered) and the sender-to-recipient
 * latency that Gatling alone does not check or time.
 *
 * <p>The run's phases are fixed by the settings on the run clock: {@code ramp} (logins and their
 * first pull), {@code steady} (the sends' intended times), {@code drain} (unacked sends answered,
 * every user pulls until an empty page). Thread-safe.
 */
public final class ImbenchRecorder {

    /** The scenario name of the run directory. */
    public static final String SCENARIO = "gatling-c2c";
    /** Time between the ramp's end and the steady phase, for the last logins and their first pulls. */
    static final long SETTLE_NANOS = 2_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final GatlingSettings settings;
    private final String command;
    private final RunDirectory dir;
    private final EventLog events;
    // The run clock starts when the first chat user arrives (Gatling's injection start), not when the
    // simulation is built: Gatling may take seconds between the two, which would eat into the ramp.
    private volatile long startNanos;
    private volatile long startEpochMs;
    private volatile long steadyStartNanos;
    private volatile long steadyEndNanos;
    private volatile RunMeasurements measurements;
    private volatile DeliveryLedger ledger;
    private Thread phaseClock;
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger drained = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger doneSending = new AtomicInteger();
    private final AtomicInteger peakOnline = new AtomicInteger();
    private volatile boolean finished;

    private ImbenchRecorder(GatlingSettings settings, String command) {
        this.settings = settings;
        this.command = command;
        this.dir = RunDirectory.create(settings.out(), SCENARIO, settings.seed(), Instant.now());
        this.events = new EventLog(dir.file("events.jsonl"), System.nanoTime());
    }

    /** Starts the run clock and the phases: at the first chat user, or at the end if none came. */
    private synchronized void begin() {
        if (measurements != null) {
            return;
        }
        long nanos = System.nanoTime();
        startEpochMs = System.currentTimeMillis();
        steadyStartNanos = nanos + settings.ramp().toNanos() + SETTLE_NANOS;
        steadyEndNanos = steadyStartNanos + settings.duration().toNanos();
        ledger = new DeliveryLedger(settings.users(), GroupDirectory.none(), nanos, this::uid);
        events.rebase(nanos);
        startNanos = nanos;
        RunMeasurements m = new RunMeasurements(startEpochMs, nanos);
        m.beginPhase("ramp", false);
        measurements = m;
        events.add("phase", "ramp", "start");
        phaseClock = Thread.ofPlatform().daemon().name("imbench-gatling-phases").start(this::phases);
    }

    /**
     * Creates the run directory under {@code settings.out()}; the run clock starts with the first chat user.
     *
     * @param command how the run was started, for run.json
     */
    public static ImbenchRecorder start(GatlingSettings settings, String command) {
        return new ImbenchRecorder(settings, command);
    }

    private void phases() {
        try {
            sleepUntil(steadyStartNanos);
            phase("steady");
            sleepUntil(steadyEndNanos);
            phase("drain");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a phase unless the run is finished (then the event log is closed). */
    private synchronized void phase(String name) {
        if (!finished) {
            measurements.beginPhase(name, false);
            events.add("phase", name, "start");
        }
    }

    private void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while (!finished && (wait = nanos - System.nanoTime()) > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.min(wait, 50_000_000L));
        }
    }

    /** The run directory. */
    public Path directory() {
        return dir.path();
    }

    /** The settings of the run. */
    public GatlingSettings settings() {
        return settings;
    }

    /** The uid of a client index; unique to this run, so an external server's old inboxes never mix in. */
    public String uid(int index) {
        return dir.id() + "-u" + index;
    }

    /** The uid of a kickout-scenario user (not in the ledger: it sends no chat message). */
    public String kickoutUid(int index) {
        return dir.id() + "-k" + index;
    }

    /** The next chat user's client index. */
    int join() {
        begin();
        int i = joined.getAndIncrement();
        if (i >= settings.users()) {
            throw new IllegalStateException("more chat users than users=" + settings.users()
                    + " joined: the injection profile must inject exactly that many");
        }
        return i;
    }

    /** The steady phase's start, nanoTime. */
    long steadyStartNanos() {
        return steadyStartNanos;
    }

    /** The steady phase's end, nanoTime: no send is intended from here on. */
    public long steadyEndNanos() {
        return steadyEndNanos;
    }

    /** The run's start on the nanoTime clock. */
    long startNanos() {
        return startNanos;
    }

    /** A Gatling timestamp (epoch ms) on the run's nanoTime clock. */
    long nanosOfEpochMs(long epochMs) {
        return startNanos + (epochMs - startEpochMs) * 1_000_000L;
    }

    // --- hooks, called by ImUser -------------------------------------------------------------------

    void offered(long intendedNanos) {
        measurements.offered(intendedNanos, false, 1);
    }

    long attempt(int sender, int recipient, long intendedNanos) {
        return ledger.attempt(sender, DeliveryLedger.c2c(recipient), intendedNanos);
    }

    void sent(int sender, long id, long intendedNanos, long nanos) {
        ledger.sent(id, nanos);
        measurements.sent(sender, intendedNanos, nanos, true);
        measurements.counters().count(SimCounters.Series.SENT);
        inFlight.incrementAndGet();
    }

    void acked(int sender, long id, long intendedNanos, long sentNanos, long nanos, boolean late) {
        ledger.acked(id, nanos);
        measurements.record(Metric.ACK, sender, intendedNanos, sentNanos, nanos);
        measurements.counters().acked(false);
        if (!late) {
            inFlight.decrementAndGet();
        }
    }

    /** The ack of a send did not come within the ack timeout: it no longer holds the drain back. */
    void ackMissing() {
        inFlight.decrementAndGet();
        measurements.counters().abandoned();
    }

    /** A chat user's schedule ended. */
    void doneSending() {
        doneSending.incrementAndGet();
    }

    /** Whether the steady phase is over, every chat user stopped sending and every send is answered or timed out. */
    boolean sendingDone() {
        return doneSending.get() >= settings.users() && inFlight.get() == 0 && System.nanoTime() >= steadyEndNanos;
    }

    /** Sends not answered yet (neither acked nor timed out). */
    public int inFlight() {
        return inFlight.get();
    }

    void arrived(int recipient, long clientMsgId, long msgid, boolean viaPull, long nanos) {
        Arrival a = ledger.arrived(recipient, clientMsgId, msgid, viaPull, nanos);
        measurements.counters().count(viaPull ? SimCounters.Series.PULLED : SimCounters.Series.DELIVERED);
        if (a.kind() == Arrival.Kind.FIRST) {
            long sent = a.sentNanos() == 0 ? a.intendedNanos() : a.sentNanos();
            measurements.record(Metric.E2E, recipient, a.intendedNanos(), sent, nanos);
            measurements.record(viaPull ? Metric.E2E_OFFLINE : Metric.E2E_ONLINE, recipient, a.intendedNanos(), sent, nanos);
        }
    }

    void loggedIn(int client, long intendedNanos, long nanos) {
        measurements.record(Metric.LOGIN, client, intendedNanos, intendedNanos, nanos);
        measurements.counters().connected();
        peakOnline.accumulateAndGet(measurements.counters().online(), Math::max);
    }

    void loggedOut(DisconnectCause cause) {
        measurements.counters().disconnected(cause);
    }

    void pulled(int client, long startNanos, long nanos) {
        measurements.record(Metric.PULL, client, startNanos, startNanos, nanos);
    }

    void kicked(long loginStartNanos, long nanos) {
        measurements.counters().kickout();
        measurements.record(Metric.KICKOUT, -1, loginStartNanos, loginStartNanos, nanos);
    }

    void error(dev.imbench.protocol.pb.ErrorCode code) {
        measurements.counters().error(code);
    }

    void loginFailed() {
        measurements.counters().loginFailed();
    }

    /** A chat user finished its drain (every answer in, pulled until an empty page). */
    void drained() {
        drained.incrementAndGet();
    }

    // --- the end -----------------------------------------------------------------------------------

    /**
     * Writes the run directory (latency logs, series, generator, counters, delivery verdict, events,
     * scenario, run.json and the server's metrics when given), judges it (summary.json, junit.xml) and renders index.html.
     *
     * @param serverMetrics the server's Prometheus text at the end, or empty
     * @return the judge's outcome: its verdict line says what imbench made of the run
     */
    public synchronized Judge.Outcome finish(String serverMetrics) throws IOException {
        if (finished) {
            throw new IllegalStateException("the run was finished already");
        }
        begin();
        finished = true;
        phaseClock.interrupt();
        long endNanos = System.nanoTime();
        boolean drainComplete = joined.get() == settings.users() && drained.get() == settings.users();
        String why = joined.get() < settings.users() ? joined.get() + " of " + settings.users() + " users joined"
                : drained.get() + " of " + settings.users() + " users finished their drain";
        events.add("drain", "drain", drainComplete ? "complete" : "incomplete: " + why);
        events.close();
        measurements.close();
        measurements.writeTo(dir.path());
        JSON.writeValue(dir.file("counters.json").toFile(), measurements.counters().toJson());
        PhaseBook book = measurements.phases();
        List<String> names = book.entries().stream().map(PhaseBook.Entry::name).toList();
        DeliveryReport report = DeliveryChecker.check(ledger, drainComplete,
                new Breakdown(names, book::indexAt, startNanos, i -> null, List.of()));
        JSON.writeValue(dir.file("delivery.json").toFile(), report.toJson());
        Files.writeString(dir.file("scenario.yaml"), "# A Gatling run (dev.imbench.gatling.ImC2cSimulation); its settings:\n"
                + "name: " + SCENARIO + "\nseed: " + settings.seed() + "\npopulation:\n  clients: " + settings.users()
                + "\n  transport: ws\ngatling:\n" + settings.describe().indent(2));
        if (!serverMetrics.isEmpty()) {
            Files.writeString(dir.file("server-metrics.prom"), serverMetrics);
        }
        writeRunJson(book.spans(startNanos, endNanos), drainComplete);
        Judge.Outcome outcome = Judge.judge(dir.path());
        ReportGenerator.write(dir.path());
        return outcome;
    }

    private void writeRunJson(List<PhaseBook.Span> spans, boolean drainComplete) {
        ObjectNode run = JSON.createObjectNode();
        run.put("schema", SummaryBuilder.SCHEMA).put("id", dir.id()).put("scenario", SCENARIO).put("seed", settings.seed())
                .put("startedAt", startEpochMs).put("endedAt", System.currentTimeMillis()).put("command", command);
        run.putObject("versions").put("imbench", version()).put("java", Runtime.version().toString())
                .put("gatling", gatlingVersion());
        ArrayNode phases = run.putArray("phases");
        for (PhaseBook.Span s : spans) {
            phases.addObject().put("name", s.name()).put("start", s.startMs()).put("end", s.endMs());
        }
        run.putArray("faults");
        run.putObject("drain").put("complete", drainComplete).put("timeoutMs", settings.drainTimeout().toMillis());
        run.putObject("clients").put("target", settings.users()).put("peakOnline", peakOnline.get());
        run.put("interrupted", false);
        JudgeSpec spec = new JudgeSpec(List.of("latency.e2e.p99 < " + millis(settings.e2eP99Ms()) + "ms", "delivery.lost == 0"),
                JudgeSpec.MIN_ACHIEVED_FRACTION, JudgeSpec.MAX_LAG_P99_MS, null, 0.2);
        run.set("judge", spec.toJson());
        SummaryBuilder.write(dir.file("run.json"), run);
    }

    private static String millis(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }

    private static String version() {
        String v = ImbenchRecorder.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String gatlingVersion() {
        try {
            Package p = Class.forName("io.gatling.app.Gatling").getPackage();
            return p.getImplementationVersion() == null ? "unknown" : p.getImplementationVersion();
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }

    /** The delivery.json of a finished run (for tests and the closing line). */
    public Map<String, Object> delivery() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(dir.file("delivery.json").toFile(), Map.class);
        return m;
    }
}

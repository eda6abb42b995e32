package dev.imbench.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.CtrlSendResponse;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.sim.business.BusinessLedger;
import dev.imbench.sim.business.BusinessReport;
import dev.imbench.sim.business.PushDriver;
import dev.imbench.sim.business.ReportConsumer;
import dev.imbench.sim.client.ClientContext;
import dev.imbench.sim.client.SettleRound;
import dev.imbench.sim.client.VirtualClient;
import dev.imbench.sim.ledger.Breakdown;
import dev.imbench.sim.ledger.DecisionLog;
import dev.imbench.sim.ledger.DeliveryChecker;
import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.GroupDirectory;
import dev.imbench.sim.ledger.LedgerWriter;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.PhaseBook;
import dev.imbench.sim.measure.RunMeasurements;
import dev.imbench.sim.measure.SimCounters;
import dev.imbench.sim.transport.LocalTransport;
import dev.imbench.sim.transport.TcpTransport;
import dev.imbench.sim.transport.Transport;
import dev.imbench.sim.transport.WsTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A population of virtual clients against one target, driven phase by phase
 * by the runner: {@link #ramp}, {@link #createGroups}, {@link #steady},
 * {@link #churn}, {@link #offline}, {@link #kickout}, {@link #drain}, then
 * {@link #check()} and {@link #writeRunFiles(Path)}. The run's clock starts
 * when the simulation is created. Phase methods block the calling thread and
 * are meant to be called from one thread.
 */
public final class Simulation implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Client message ids of ctrl requests: a range no chat message id reaches (bit 62 set). */
    private static final long CTRL_IDS = 1L << 62;

    private final SimulationConfig config;
    private final RunMeasurements measurements;
    private final DeliveryLedger ledger;
    private final BusinessLedger business;
    /** The business server's side of the run (null without a business API). */
    private final ReportConsumer reportConsumer;
    private final PushDriver pushDriver;
    private final GroupDirectory groups;
    private final Transport transport;
    private final ClientContext ctx;
    private final Population clients;
    private Boolean drainComplete;

    private Simulation(SimulationConfig config) {
        this.config = config;
        long nanos = System.nanoTime();
        List<String> sliceNames = new ArrayList<>();
        int[] sliceIndex = new int[config.clients()];
        for (int i = 0; i < sliceIndex.length; i++) {
            String name = config.sliceOf().apply(i);
            if (name != null && !sliceNames.contains(name)) {
                sliceNames.add(name);
            }
            sliceIndex[i] = name == null ? -1 : sliceNames.indexOf(name);
        }
        this.measurements = new RunMeasurements(System.currentTimeMillis(), nanos, sliceNames, sliceIndex);
        this.groups = new GroupDirectory(config.groups());
        this.ledger = new DeliveryLedger(config.clients(), groups, nanos, this::uid, config.shard());
        this.transport = switch (config.transport()) {
            case TransportSpec.Tcp t -> new TcpTransport(t::target, t.sourceAddresses(), config.connectTimeoutMillis());
            case TransportSpec.Ws w -> new WsTransport(w::target, config.connectTimeoutMillis());
            case TransportSpec.Local l -> new LocalTransport(l.server(), l.ioThreads(), config.maxConnectsInFlight(),
                    l.hook(), config.connectTimeoutMillis());
        };
        this.business = new BusinessLedger(nanos, config.clients());
        this.ctx = new ClientContext(config.seed(), config.clients(), transport, config.tokens(), config.client(),
                measurements, ledger, business, config.businessLine(), groups, this::uid,
                i -> config.deviceTypes().get(i % config.deviceTypes().size()));
        this.clients = new Population(config, ctx);
        if (config.business() != null) {
            this.reportConsumer = new ReportConsumer(config.business(), config.businessLine(), business, measurements);
            this.pushDriver = new PushDriver(config.seed(), config.clients(), this::uid, config.businessLine(),
                    config.business(), business, measurements, ctx::phase, ctx::phase, PushDriver.MAX_IN_FLIGHT_DEFAULT);
        } else {
            this.reportConsumer = null;
            this.pushDriver = null;
        }
    }

    /** Creates a simulation; the run's clock ({@code startedAt}) starts now. No client is started yet. */
    public static Simulation create(SimulationConfig config) {
        return new Simulation(config);
    }

    /** The uid of a client index. */
    public String uid(int index) {
        return config.uidPrefix() + index;
    }

    /** The run's start, epoch ms (the {@code startedAt} of run.json and the .hlog start time). */
    public long startedAtEpochMs() {
        return measurements.startEpochMs();
    }

    /**
     * Starts the next {@code count} clients at {@code perSecond} logins per second
     * (intended start times 1/rate apart; login latency counts from them) and
     * returns when all are started. Use {@link #awaitOnline} to wait for logins.
     */
    public void ramp(int count, double perSecond) throws InterruptedException {
        ramp(count, perSecond, () -> false);
    }

    /** {@link #ramp(int, double)} that returns early (fewer clients started) once {@code stop} says so. */
    public void ramp(int count, double perSecond, BooleanSupplier stop) throws InterruptedException {
        clients.ramp(count, perSecond, stop);
    }

    /**
     * Waits until at least {@code n} clients are logged in and have pulled what waited for them (so a
     * phase started next finds them sending on its schedule, not still catching up); false on timeout.
     */
    public boolean awaitOnline(int n, Duration timeout) throws InterruptedException {
        return awaitOnline(n, timeout, () -> false);
    }

    /** {@link #awaitOnline(int, Duration)} that gives up (false) once {@code stop} says so. */
    public boolean awaitOnline(int n, Duration timeout, BooleanSupplier stop) throws InterruptedException {
        return await(() -> clients.ready() >= n || stop.getAsBoolean(), timeout) && clients.ready() >= n;
    }

    /** How many client indexes the ramp went past so far (a shard starts only its own of them). */
    public int startedClients() {
        return clients.started();
    }

    /**
     * Marks the start of a named phase of the run (ramp, a scenario phase, the
     * drain): every latency log ends its interval here, so no interval straddles
     * two phases; {@code generator.json} and {@code delivery.json} {@code byPhase}
     * count per phase. Samples of actions intended during a {@code warmup} phase are
     * written with the {@code warmup-} tags, apart from the measured ones.
     */
    public void beginPhase(String name, boolean warmup) {
        measurements.beginPhase(name, warmup);
    }

    /** The phases so far on the run clock (the last one ends now). */
    public List<PhaseBook.Span> phases() {
        return measurements.phases().spans(measurements.startNanos(), System.nanoTime());
    }

    /**
     * Tells the server the groups of the config: for each group not bound yet,
     * its first member sends CREATE_GROUP then GROUP_ADDMEMBERS with the others.
     * A shard creates only the groups whose first member is its own (the other shards
     * {@link #bindGroup bind} theirs when told the server id). Those first members must be
     * started. Returns false if some group could not be created in time.
     */
    public boolean createGroups(Duration timeout) throws InterruptedException {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            int[] members = groups.members(g);
            if (groups.serverId(g) != 0 || !config.shard().owns(members[0])) {
                continue;
            }
            int group = g;
            VirtualClient owner = clients.get(members[0]);
            if (owner == null) {
                throw new IllegalStateException("group " + g + " owner " + uid(members[0]) + " is not started");
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            owner.submit(req -> {
                try {
                    Frame created = req.request(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom(uid(members[0]))
                            .setType(CtrlSendRequest.Type.CREATE_GROUP).setContent("g" + group)
                            .setClientMsgId(CTRL_IDS | (group * 2L)).build());
                    long id = Long.parseLong(ctrlAnswer(created).getContent().trim());
                    String others = IntStream.of(members).skip(1).mapToObj(this::uid).collect(Collectors.joining(","));
                    if (!others.isEmpty()) {
                        ctrlAnswer(req.request(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom(uid(members[0]))
                                .setType(CtrlSendRequest.Type.GROUP_ADDMEMBERS).setTo(Long.toString(id))
                                .setContent(others).setClientMsgId(CTRL_IDS | (group * 2L + 1)).build()));
                    }
                    groups.bind(group, id);
                    f.complete(null);
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e);
                    if (e instanceof IOException io) {
                        throw io;
                    }
                }
            });
        }
        return await(() -> done.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()), timeout);
    }

    private static CtrlSendResponse ctrlAnswer(Frame f) throws IOException {
        if (f.cmd() == CmdId.ERROR_RESP) {
            throw new IOException("ctrl refused: " + f.bodyAs(ErrorResponse.class).getCode());
        }
        return f.bodyAs(CtrlSendResponse.class);
    }

    /** Binds a group to a server group id created elsewhere (e.g. through the server's API, or by another shard). */
    public void bindGroup(int group, long serverGroupId) {
        groups.bind(group, serverGroupId);
    }

    /** The server id of a group of the config, 0 while it is not created or bound. */
    public long groupServerId(int group) {
        return groups.serverId(group);
    }

    /** How many groups the config has. */
    public int groupCount() {
        return groups.size();
    }

    /**
     * Plants a hostile recipient in this shard, to check the merge ({@link DeliveryLedger#plantLoss}): the
     * first {@code n} pushes from other shards' clients are acked and then forgotten.
     */
    public void plantLoss(int n) {
        ledger.plantLoss(n);
    }

    /** What the planted hostile recipient dropped: (recipient index, client message id) pairs. */
    public List<long[]> plantedDrops() {
        return ledger.plantedDrops();
    }

    /**
     * Puts a load in force without waiting (a ramp of rates reaches its end after {@code duration}); it
     * stays in force until the next phase. Its name in {@code decisions.csv} is {@code phase<n>}.
     */
    public void load(LoadProfile profile, Duration duration) {
        refuseWithoutBusinessApi(profile);
        ctx.phase("phase" + (ctx.phase().version() + 1), profile, duration.toNanos(), false);
        clients.forEach(VirtualClient::nudge);
    }

    /**
     * Puts a named load phase in force without waiting, for exactly {@code duration}: its actions are
     * intended from now up to {@code duration} later and no further, whenever the next phase comes, so
     * the same seed offers the same actions ({@code decisions.csv}). Returns the phase's start
     * ({@link System#nanoTime()}): its intended times count from there.
     */
    public long phase(String name, LoadProfile profile, Duration duration) {
        Objects.requireNonNull(name, "phase name");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("phase " + name + " must last >= 0, was " + duration);
        }
        refuseWithoutBusinessApi(profile);
        ctx.phase(name, profile, duration.toNanos(), true);
        clients.forEach(VirtualClient::nudge);
        return ctx.phase().startNanos();
    }

    private void refuseWithoutBusinessApi(LoadProfile profile) {
        if (config.business() == null && (profile.c2s() > 0 || profile.s2c() > 0)) {
            throw new IllegalArgumentException("c2s and s2c rates need the business API (SimulationConfig.business):"
                    + " its consumer reads the reports and its pushes go through it");
        }
    }

    /** Runs a load for a duration, then returns (the load stays in force until the next phase). */
    public void steady(Duration duration, LoadProfile profile) throws InterruptedException {
        load(profile, duration);
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }

    /** Disconnects a seeded random fraction of the started clients; they reconnect after backoff. Returns how many. */
    public int churn(double fraction) {
        List<VirtualClient> chosen = clients.choose(fraction);
        chosen.forEach(VirtualClient::churn);
        return chosen.size();
    }

    /** Takes a seeded random fraction of the clients offline (background) for a duration. Returns how many. */
    public int offline(double fraction, Duration duration) {
        List<VirtualClient> chosen = clients.choose(fraction);
        long until = System.nanoTime() + duration.toNanos();
        chosen.forEach(c -> c.offlineUntil(until));
        return chosen.size();
    }

    /** Takes the given clients offline for a duration. */
    public void offline(int[] indexes, Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        for (int i : indexes) {
            clients.get(i).offlineUntil(until);
        }
    }

    /**
     * Logs a second device of the same type in for each given client; the
     * server must kick the first (which then stops for good). The new device
     * takes the client's place.
     */
    public void kickout(int[] indexes) {
        clients.kickout(indexes);
    }

    /** Kicks a seeded random fraction of the clients (see {@link #kickout(int[])}). Returns how many. */
    public int kickout(double fraction) {
        int[] idx = clients.choose(fraction).stream().mapToInt(VirtualClient::index).toArray();
        kickout(idx);
        return idx.length;
    }

    /**
     * Stops new messages, brings every client online, waits until every
     * message has an answer, then has every client pull until an empty page.
     * Returns whether that finished within the timeout (the checker's verdict
     * is {@code incomplete} otherwise).
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        return drain(timeout, () -> false);
    }

    /** {@link #drain(Duration)} that gives up (incomplete) as soon as {@code giveUp} says so. */
    public boolean drain(Duration timeout, BooleanSupplier giveUp) throws InterruptedException {
        return drain(timeout, giveUp, left -> true);
    }

    /**
     * Waits, within what is left of the drain's timeout, until the other shards of a run have every message
     * answered too; false if they did not in time. Until then this shard's clients stay online: a message
     * another shard still sends to them must not find them gone.
     */
    @FunctionalInterface
    public interface OtherShards {
        boolean answered(Duration left) throws InterruptedException;
    }

    /**
     * {@link #drain(Duration, BooleanSupplier)} of one shard of several: between "every message of this shard
     * has an answer" and the final pull it waits for {@code others}, so that the final pull finds every
     * message any shard sent to this shard's clients.
     */
    public boolean drain(Duration timeout, BooleanSupplier giveUp, OtherShards others) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ctx.phase("drain", LoadProfile.IDLE, 0, false);
        int version = ctx.phase().version();
        clients.forEach(VirtualClient::comeOnline);
        // Each client settles this round once it follows the drain's phase with every message answered (the
        // round wakes it); the round's counter, not a visit of every client, tells when all have.
        SettleRound answered = clients.round(version, VirtualClient::awaitAnswers);
        // Every push the business server still had to send is sent and answered before the clients' last pull:
        // a push written to a session comes before that pull's answer on the same connection.
        boolean ok = (pushDriver == null || await(() -> pushDriver.idle() || giveUp.getAsBoolean(), remaining(deadline)))
                && answered.await(remaining(deadline), giveUp)
                && !giveUp.getAsBoolean();
        long reportsQueued = System.nanoTime(); // every report is acked (queued) or given up by now
        ok = ok && others.answered(remaining(deadline));
        if (ok) {
            SettleRound pulled = clients.round(version, VirtualClient::requestDrain);
            ok = pulled.await(remaining(deadline), giveUp) && !giveUp.getAsBoolean();
        }
        if (ok && reportConsumer != null) {
            ok = reportConsumer.awaitEmptySince(reportsQueued, deadline);
        }
        drainComplete = ok;
        return ok;
    }

    /**
     * Writes this shard's {@code ledger.bin} (after {@link #writeRunFiles}): what the merge of the shards
     * needs to judge every message, including those between clients of different shards.
     *
     * @param header the caller's header fields (scenario, seed, agreed start, clock offset)
     * @return attempts and arrivals written
     */
    public long[] writeLedger(Path runDir, Map<String, Object> header) throws IOException {
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("uidPrefix", config.uidPrefix());
        return LedgerWriter.write(ledger, runDir.resolve(LedgerWriter.FILE), h);
    }

    /** Whether the last drain completed, or null when no drain ran. */
    public Boolean drainComplete() {
        return drainComplete;
    }

    /** The delivery verdict so far (call after {@link #drain}; without a drain the verdict is incomplete). */
    public DeliveryReport check() {
        return check(List.of());
    }

    private DeliveryReport check(List<FaultWindow> faults) {
        PhaseBook book = measurements.phases();
        List<String> phases = book.entries().stream().map(PhaseBook.Entry::name).toList();
        List<Breakdown.Window> windows = faults.stream()
                .map(f -> new Breakdown.Window(f.name(), f.startMs(), f.endMs(), f.clients())).toList();
        return DeliveryChecker.check(ledger, Boolean.TRUE.equals(drainComplete),
                new Breakdown(phases, book::indexAt, measurements.startNanos(), config.sliceOf(), windows));
    }

    /** The verdict on the c2s reports, s2c pushes and periodic pulls so far. */
    public BusinessReport checkBusiness() {
        return business.check();
    }

    /** Progress numbers for a console line. */
    public LiveStats stats() {
        SimCounters c = measurements.counters();
        return new LiveStats((System.nanoTime() - measurements.startNanos()) / 1_000_000, c.online(),
                c.total(SimCounters.Series.SENT), c.total(SimCounters.Series.ACKED),
                c.total(SimCounters.Series.DELIVERED) + c.total(SimCounters.Series.PULLED),
                c.total(SimCounters.Series.ERRORS),
                measurements.recorder(Metric.ACK).totalCorrected().getValueAtPercentile(99) / 1000.0,
                measurements.recorder(Metric.E2E).totalCorrected().getValueAtPercentile(99) / 1000.0);
    }

    /**
     * A metric's whole-run histograms so far, in microseconds: {@code [corrected, raw]}
     * (completed one-second intervals; all of them after {@link #writeRunFiles}).
     */
    public org.HdrHistogram.Histogram[] latency(Metric metric) {
        var r = measurements.recorder(metric);
        return new org.HdrHistogram.Histogram[] {r.totalCorrected(), r.totalRaw()};
    }

    /**
     * A metric's measured corrected latency so far, for a live view (nothing is copied and an unused metric
     * stays unused): {@code [count, max, value at each of percentiles...]} in microseconds, or empty when
     * nothing recorded into it yet. Completed one-second intervals only, warm-up excluded.
     */
    public Optional<long[]> liveLatency(Metric metric, double... percentiles) {
        return measurements.exercised(metric)
                ? Optional.of(measurements.recorder(metric).correctedSummary(percentiles))
                : Optional.empty();
    }

    /** The run's counters (for tests and the runner's summary). */
    public SimCounters counters() {
        return measurements.counters();
    }

    /** {@link #writeRunFiles(Path, List)} for a run without faults. */
    public DeliveryReport writeRunFiles(Path runDir) throws IOException, InterruptedException {
        return writeRunFiles(runDir, List.of());
    }

    /**
     * Stops every client and writes the simulator's files into the run
     * directory: {@code latency/*.hlog} (and {@code latency/slice/<profile>/}),
     * {@code series.csv}, {@code counters.json}, {@code generator.json},
     * {@code delivery.json} (broken down by the phases announced with
     * {@link #beginPhase}, by network slice and by the given fault windows),
     * {@code decisions.csv}, and {@code trace/<uid>.log} for traced clients.
     */
    public DeliveryReport writeRunFiles(Path runDir, List<FaultWindow> faults) throws IOException, InterruptedException {
        stopBusiness();
        stopClients();
        measurements.close();
        Files.createDirectories(runDir);
        measurements.writeTo(runDir);
        DecisionLog.Written decided = DecisionLog.write(ledger, ctx.phases(), runDir.resolve("decisions.csv"),
                DecisionLog.MAX_ROWS);
        Map<String, Object> counters = new LinkedHashMap<>(measurements.counters().toJson());
        Map<String, Object> decisions = new LinkedHashMap<>();
        decisions.put("rows", decided.rows());
        decisions.put("written", decided.written());
        counters.put("decisions", decisions);
        JSON.writeValue(runDir.resolve("counters.json").toFile(), counters);
        DeliveryReport report = check(faults);
        Map<String, Object> delivery = report.toJson();
        BusinessReport flows = business.check();
        if (flows.active()) {
            // The business flows are checked like chat messages: a lost report or push invalidates the run.
            Map<String, Object> b = flows.toJson();
            if (reportConsumer != null) {
                b.put("consumerPollErrors", reportConsumer.pollErrors());
            }
            delivery.put("business", b);
            if (!flows.valid() && Boolean.TRUE.equals(delivery.get("valid"))) {
                delivery.put("valid", false);
                delivery.put("verdict", "invalid");
            }
        }
        JSON.writeValue(runDir.resolve("delivery.json").toFile(), delivery);
        Set<Integer> headed = new HashSet<>();
        for (VirtualClient c : clients.everyClient()) {
            if (c.trace() != null) {
                Path dir = Files.createDirectories(runDir.resolve("trace"));
                String text = (headed.add(c.index()) ? traceHeader(c.index(), faults) : "") + c.trace().text();
                Files.writeString(dir.resolve(uid(c.index()) + ".log"), text, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        return report;
    }

    /** What a traced client was in: its network slice and the faults that concerned it, on the run clock. */
    private String traceHeader(int index, List<FaultWindow> faults) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# %s: times are ms since the run start; client message ids are"
                + " senderIndex << 32 | counter, in decimal as in delivery.json%n", uid(index)));
        String slice = config.sliceOf().apply(index);
        long endMs = (System.nanoTime() - measurements.startNanos()) / 1_000_000;
        sb.append(String.format(Locale.ROOT, "%12.3f ---  network slice %s from %.3f to %.3f%n", 0.0,
                slice == null ? Breakdown.NO_SLICE : slice, 0.0, (double) endMs));
        for (FaultWindow f : faults) {
            if (f.clients().test(index)) {
                sb.append(String.format(Locale.ROOT, "%12.3f ---  fault %s from %.3f to %.3f%n",
                        (double) f.startMs(), f.name(), (double) f.startMs(), (double) f.endMs()));
            }
        }
        return sb.toString();
    }

    private void stopBusiness() {
        if (pushDriver != null) {
            pushDriver.close();
        }
        if (reportConsumer != null) {
            reportConsumer.close();
        }
    }

    private void stopClients() throws InterruptedException {
        clients.stopAll();
    }

    /** Stops the clients and releases the transport. */
    @Override
    public void close() {
        try {
            stopBusiness();
            stopClients();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        measurements.close();
        ctx.close();
        transport.close();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }
}

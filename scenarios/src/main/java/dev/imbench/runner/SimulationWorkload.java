package dev.imbench.runner;

import dev.imbench.chaos.profile.Profiles;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.runner.fault.FaultActions;
import dev.imbench.runner.fault.FaultClock;
import dev.imbench.runner.fault.FaultEngine;
import dev.imbench.scenario.TransportKind;
import dev.imbench.scenario.Phase;
import dev.imbench.scenario.Rates;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ServerSettings;
import dev.imbench.sim.FaultWindow;
import dev.imbench.sim.LiveStats;
import dev.imbench.sim.Simulation;
import dev.imbench.sim.SimulationConfig;
import dev.imbench.sim.TransportSpec;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.transport.PipelineHook;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The workload of {@code imbench run}: the in-process reference server on its
 * embedded back ends, and the client simulator driving the scenario's
 * population through ramp, groups, phases and drain.
 */
public final class SimulationWorkload implements Workload {

    private static final Duration TICK = Duration.ofSeconds(1);
    /** How often a phase looks for a stop request. */
    private static final Duration STOP_POLL = Duration.ofMillis(50);
    /** The drain of an interrupted run lasts at most this long after the stop request. */
    static final Duration INTERRUPTED_DRAIN = Duration.ofSeconds(5);
    /** How long a shard whose clients are online waits for the other shards' clients. */
    static final Duration SHARDS_ONLINE = Duration.ofSeconds(60);

    /** The weak-network profiles scenarios may name (null: this build does not check them). */
    public static Collection<String> knownProfiles() {
        return Profiles.names();
    }

    @Override
    public WorkloadResult run(Scenario s, RunContext ctx) throws Exception {
        refuseWhatThisBuildCannotDo(s);
        ShardRun shard = ctx.options().shard();
        if (shard.partial()) {
            List<String> missing = shardRefusals(s);
            if (!missing.isEmpty()) {
                throw new UnsupportedOperationException("this build cannot run --shard " + shard.plan() + " with "
                        + String.join("; ", missing));
            }
        }
        try (LiveMetricsServer live = LiveMetricsServer.open(ctx.options().metricsPort());
             NetworkPlan network = new NetworkPlan(s);
             GateTarget gate = s.server().inProcess() ? GateTarget.inProcess(s, ctx.dir().id())
                     : GateTarget.external(s.server().iplistUrl())) {
            // State that outlives a run (MySQL, Redis, an external server) must not leak into this
            // one: this run's users get names of their own.
            String uidPrefix = gate.persistent() ? ctx.dir().id() + "-u" : SimulationConfig.UID_PREFIX_DEFAULT;
            ShardClock clock = null;
            if (shard.partial()) {
                clock = ShardClock.start(s, shard, ctx.events());
                uidPrefix = clock.uidPrefix();
            }
            SimulationConfig config = SimulationConfig.builder()
                    .seed(s.seed())
                    .clients(s.population().clients())
                    .uidPrefix(uidPrefix)
                    .transport(transport(s, gate, network))
                    .tokens(gate.tokens())
                    .deviceTypes(s.population().deviceTypes().stream()
                            .map(d -> DeviceType.valueOf(d.toUpperCase(Locale.ROOT))).toList())
                    .groups(GroupPlan.members(s.groups(), s.population().clients(), s.seed()))
                    .client(ClientSettings.DEFAULTS.withTimeouts(s.population().heartbeat(),
                            ClientSettings.ACK_TIMEOUT_DEFAULT, ClientSettings.RESPONSE_TIMEOUT_DEFAULT))
                    .traceUids(Set.copyOf(ctx.options().traceUids()))
                    .sliceOf(network::sliceOf)
                    .shard(shard.plan())
                    .business(gate.business())
                    .build();
            long simStartNanos = System.nanoTime();
            try (Simulation sim = Simulation.create(config);
                 LiveMetrics metrics = live.enabled() ? new LiveMetrics(sim) : null) {
                sim.plantLoss(shard.plantLoss());
                ctx.events().rebase(simStartNanos);
                ctx.events().add("note", "server", gate.description());
                if (metrics != null) {
                    live.serve(metrics::scrape, s.server().inProcess() ? gate.metrics() : null);
                    ctx.events().add("note", "metrics", "live metrics on port " + live.port() + ": /metrics (simulator)"
                            + (s.server().inProcess() ? ", /admin/metrics (in-process server)" : ""));
                }
                if (!s.network().isEmpty()) {
                    ctx.events().add("note", "network", network.sliced() + " of " + s.population().clients()
                            + " clients on " + s.network().stream().map(n -> n.name() + " (" + Math.round(n.fraction() * 100)
                            + "%)").toList() + " for the whole run");
                }
                if (network.proxyCount() > 0) {
                    ctx.events().add("note", "network", "touched clients go through " + network.proxyCount()
                            + " proxies in front of the gate (" + network.proxyDescription() + ")");
                }
                WorkloadResult result = drive(s, sim, gate, ctx, network);
                for (long[] drop : sim.plantedDrops()) {
                    ctx.events().add("note", "plant-loss", "client " + drop[0] + " acked the push of message " + drop[1]
                            + " from another shard and forgot it (--plant-loss)");
                }
                if (clock != null) {
                    clock.writeLedger(sim, s, ctx);
                }
                return result;
            }
        }
    }

    private static void refuseWhatThisBuildCannotDo(Scenario s) {
        List<String> missing = refusals(s);
        if (!missing.isEmpty()) {
            throw new UnsupportedOperationException("this build cannot run " + String.join("; ", missing));
        }
    }

    /**
     * What this build cannot run of a scenario, one phrase each (empty: it can run it all). A static
     * check: nothing is started, so a sweep can check every combination before its first run.
     */
    public static List<String> refusals(Scenario s) {
        List<String> missing = new ArrayList<>();
        if (!s.server().inProcess() && s.population().transport() == TransportKind.LOCAL) {
            missing.add("transport local with server.iplistUrl (in-JVM clients need the in-process server; use tcp or ws)");
        }
        if (!s.server().inProcess() && (!s.server().storage().equals("memory") || !s.server().routing().equals("memory"))) {
            missing.add("server.storage/routing with server.iplistUrl (an external server chooses its own back ends)");
        }
        ServerSettings sv = s.server();
        if (sv.split() && !(sv.storage().equals("mysql") && sv.routing().equals("redis"))) {
            missing.add("server.logicNodes with storage " + sv.storage() + " and routing " + sv.routing()
                    + " (gates and logic nodes share messages and routes only through storage mysql + routing redis)");
        }
        if (sv.gates() > 1 && !sv.split()) {
            missing.add("server.gates " + sv.gates() + " without server.logicNodes (gates reach each other's users only"
                    + " through logic nodes: set logicNodes >= 1)");
        }
        if ((sv.gates() > 1 || sv.split()) && !sv.inProcess()) {
            missing.add("server.gates/logicNodes with server.iplistUrl (an external deployment has its own topology;"
                    + " its iplist gates are all used)");
        }
        if (sv.gates() > 1 && s.population().transport() != TransportKind.TCP) {
            missing.add("server.gates " + sv.gates() + " with transport " + s.population().transport().name()
                    .toLowerCase(Locale.ROOT) + " (clients are spread over several gates on tcp only)");
        }
        boolean clientNetwork = !s.network().isEmpty() || s.faults().stream().anyMatch(FaultActions::clientSide);
        if (sv.gates() > 1 && clientNetwork) {
            missing.add("network slices and client-side faults with server.gates " + sv.gates()
                    + " (the weak-network proxies stand in front of one gate)");
        }
        if (!sv.toxiproxyUrl().isEmpty()) {
            if (s.population().transport() == TransportKind.LOCAL) {
                missing.add("server.toxiproxyUrl with transport local (in-JVM clients carry their toxics in their own"
                        + " pipelines; use tcp or ws to go through the external Toxiproxy)");
            } else if (!clientNetwork) {
                missing.add("server.toxiproxyUrl without network slices or client-side faults (nothing would be"
                        + " created on it)");
            }
            List<String> imbenchOnly = ExternalToxiproxy.unsupportedToxics(s);
            if (!imbenchOnly.isEmpty()) {
                missing.add("toxics " + imbenchOnly + " with server.toxiproxyUrl (Toxiproxy does not know them; only"
                        + " the embedded proxies do)");
            }
        }
        if (sv.split() && s.server().fanout().equals("read")) {
            missing.add("server.fanout read with server.logicNodes (read diffusion on MySQL numbers rows from one msgid"
                    + " sequence held by one process; each logic node would hold its own)");
        }
        missing.addAll(FaultActions.refusals(s));
        for (Phase p : s.phases()) {
            Rates r = p.rates();
            if ((r.c2s() > 0 || r.s2c() > 0) && !sv.inProcess()) {
                missing.add("rates.c2s/s2c in phase " + p.name() + " with server.iplistUrl (the run plays the business"
                        + " server through the in-process server's API secret and queue; an attached run has neither)");
            } else if ((r.c2s() > 0 || r.s2c() > 0) && sv.split()) {
                missing.add("rates.c2s/s2c in phase " + p.name() + " with server.logicNodes (the split topology's nodes"
                        + " serve no business API)");
            }
        }
        return missing;
    }

    /** What a shard of several cannot run of a scenario, one phrase each (empty: it can). */
    public static List<String> shardRefusals(Scenario s) {
        List<String> missing = new ArrayList<>();
        if (s.server().inProcess()) {
            missing.add("an in-process server (every shard must reach one server: set server.iplistUrl to a running"
                    + " imbench server's /iplist)");
        }
        for (Phase p : s.phases()) {
            if (p.rates().c2s() > 0 || p.rates().s2c() > 0) {
                missing.add("rates.c2s/s2c in phase " + p.name() + " (the business API's pushes and reports are not split"
                        + " among shards in this build)");
            }
        }
        return missing;
    }

    private static TransportSpec transport(Scenario s, GateTarget gate, NetworkPlan network) throws Exception {
        return switch (s.population().transport()) {
            case LOCAL -> new TransportSpec.Local(gate.local(), 2, network.active() ? network.hook() : PipelineHook.NONE);
            case TCP -> network.active()
                    ? new TransportSpec.Tcp(gate.tcp(), 16, network.route(gate.tcp(), proxies(s)))
                    : gate.side() != null && gate.side().split()
                    ? new TransportSpec.Tcp(gate.tcp(), 16, gate.side().clientRoute(s.population().clients()))
                    : gate.tcpGates().size() > 1
                    ? new TransportSpec.Tcp(gate.tcp(), 16, i -> gate.tcpGates().get(i % gate.tcpGates().size()))
                    : new TransportSpec.Tcp(gate.tcp(), 16);
            case WS -> {
                if (gate.ws() == null) {
                    throw new IllegalStateException("the gate has no WebSocket endpoint; use transport tcp");
                }
                yield network.active() ? new TransportSpec.Ws(gate.ws(), network.wsRoute(gate.ws(), proxies(s)))
                        : new TransportSpec.Ws(gate.ws());
            }
        };
    }

    /** Where the clients' proxies run: the scenario's external Toxiproxy, else in this JVM. */
    private static ClientProxies proxies(Scenario s) {
        return s.server().toxiproxyUrl().isEmpty() ? new EmbeddedProxies()
                : ExternalToxiproxy.connect(s.server().toxiproxyUrl());
    }

    private static WorkloadResult drive(Scenario s, Simulation sim, GateTarget gate, RunContext ctx, NetworkPlan network)
            throws Exception {
        Progress progress = new Progress(ctx.progress());
        RunControl control = ctx.control();
        BooleanSupplier stop = control::stopRequested;
        List<WorkloadResult.PhaseSpan> spans = new ArrayList<>();
        int clients = s.population().clients();

        long t = ctx.events().now();
        ctx.events().add("phase", "ramp", "start");
        sim.beginPhase("ramp", false);
        sim.ramp(clients, s.population().rampPerSec(), stop);
        Duration loginTimeout = Duration.ofSeconds(30);
        int mine = ctx.options().shard().plan().size(clients);
        if (!sim.awaitOnline(mine, loginTimeout, stop) && !stop.getAsBoolean()) {
            ctx.events().add("note", "ramp", "only " + sim.stats().online() + " of " + mine + " clients online after "
                    + loginTimeout.toSeconds() + " s; going on");
        }
        ShardRun shard = ctx.options().shard();
        if (s.groups().count() > 0 && !stop.getAsBoolean()) {
            createGroups(sim, shard, ctx.events());
        }
        if (!stop.getAsBoolean() && !shard.sync().meet(ShardSync.ONLINE, shard.plan(), SHARDS_ONLINE)) {
            throw new IllegalStateException("the other shards' clients were not online within " + SHARDS_ONLINE.toSeconds()
                    + " s of this shard's (" + shard.sync().describe() + ")");
        }
        progress.peak(sim.stats());
        spans.add(new WorkloadResult.PhaseSpan("ramp", t, ctx.events().now()));

        long loadStart = ctx.events().now();
        List<Phase> phases = new ArrayList<>();
        if (s.warmupPhase() != null) {
            phases.add(s.warmupPhase());
        }
        phases.addAll(s.phases());
        FaultEngine faults = new FaultEngine(s, network, gate, ctx.events(), FaultClock.of(ctx.events()));
        for (int i = 0; i < phases.size() && !stop.getAsBoolean(); i++) {
            Phase p = phases.get(i);
            boolean warmup = i == 0 && s.warmupPhase() != null;
            long start = ctx.events().now();
            if (!warmup) {
                faults.start(start);
            }
            ctx.events().add("phase", p.name(), warmup ? "start (warm-up: not measured)" : "start");
            sim.beginPhase(p.name(), warmup);
            runPhase(p, sim, clients, progress, ctx.events(), stop);
            spans.add(new WorkloadResult.PhaseSpan(p.name(), start, ctx.events().now(), warmup));
        }
        long loadMillis = ctx.events().now() - loadStart;
        List<WorkloadResult.FaultSpan> applied = faults.finish();
        if (stop.getAsBoolean()) {
            ctx.events().add("note", "interrupt", "stop requested: the phases ended early");
        }

        long drainStart = ctx.events().now();
        ctx.events().add("phase", "drain", "start");
        sim.beginPhase("drain", false);
        boolean complete = sim.drain(s.drainTimeout(), () -> control.stopRequested()
                && System.currentTimeMillis() >= control.stoppedAtMs() + INTERRUPTED_DRAIN.toMillis(),
                left -> shard.sync().meet(ShardSync.ANSWERED, shard.plan(), left));
        ctx.events().add("drain", "drain", complete ? "complete" : control.stopRequested()
                ? "cut short by the stop request" : "timed out after " + s.drainTimeout().toSeconds() + " s");
        spans.add(new WorkloadResult.PhaseSpan("drain", drainStart, ctx.events().now()));
        progress.peak(sim.stats());
        progress.done();
        String metrics = gate.metrics().get();
        List<FaultWindow> windows = new ArrayList<>();
        for (WorkloadResult.FaultSpan f : applied) {
            int index = FaultEngine.names(s.faults()).indexOf(f.name());
            // A client-side fault concerns the clients its seed drew; a server-side one every client.
            windows.add(new FaultWindow(f.name(), f.start(), f.end(), FaultActions.clientSide(s.faults().get(index))
                    ? c -> network.concerns(index, c) : c -> true));
        }
        sim.writeRunFiles(ctx.dir().path(), windows);
        boolean interrupted = control.stopRequested();
        return new WorkloadResult(sim.startedAtEpochMs(), progress.peakOnline, loadMillis, spans, complete, metrics,
                applied, interrupted, interrupted ? Math.max(0, control.stoppedAtMs() - sim.startedAtEpochMs()) : -1);
    }

    /**
     * Creates the groups on the server: in a shard, those whose first member is its own, then it learns the
     * others' server ids from the shards that created them (every shard's clients send to every group).
     */
    private static void createGroups(Simulation sim, ShardRun shard, EventLog events) throws InterruptedException {
        if (!sim.createGroups(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the groups could not be created on the server within 30 s");
        }
        if (!shard.partial()) {
            return;
        }
        Map<Integer, Long> mine = new HashMap<>();
        for (int g = 0; g < sim.groupCount(); g++) {
            if (sim.groupServerId(g) != 0) {
                mine.put(g, sim.groupServerId(g));
            }
        }
        Map<Integer, Long> all = shard.sync().groups(mine, sim.groupCount(), SHARDS_ONLINE);
        if (all == null) {
            throw new IllegalStateException("the other shards did not tell the server ids of their groups within "
                    + SHARDS_ONLINE.toSeconds() + " s (" + shard.sync().describe() + ")");
        }
        all.forEach(sim::bindGroup);
        events.add("note", "groups", mine.size() + " of " + sim.groupCount() + " groups created by this shard, the others'"
                + " server ids told by their shards");
    }

    private static void runPhase(Phase p, Simulation sim, int clients, Progress progress, EventLog events,
                                 BooleanSupplier stop) throws InterruptedException {
        Rates r = p.rates();
        sim.phase(p.name(), LoadProfile.constant(r.c2c(), r.c2g()).withFlows(r.c2s(), r.s2c(), r.pulls()), p.duration());
        if (p.offlineFraction() > 0) {
            sim.offline(p.offlineFraction(), p.duration());
        }
        long end = System.nanoTime() + p.duration().toNanos();
        long nextTick = System.nanoTime() + TICK.toNanos();
        double kickoutsOwed = 0;
        while (System.nanoTime() < end && !stop.getAsBoolean()) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(STOP_POLL.toNanos(),
                    Math.min(nextTick, end) - System.nanoTime())));
            if (System.nanoTime() < nextTick && System.nanoTime() < end) {
                continue;
            }
            nextTick += TICK.toNanos();
            if (p.churnPerSec() > 0) {
                sim.churn(p.churnPerSec());
            }
            kickoutsOwed += r.kickouts();
            if (kickoutsOwed >= 1) {
                sim.kickout(Math.min(1.0, Math.floor(kickoutsOwed) / clients));
                kickoutsOwed -= Math.floor(kickoutsOwed);
            }
            progress.tick(p.name(), sim.stats(), events.faultsApplied());
        }
    }

    /** The live progress line and the peak of clients online. */
    private static final class Progress {
        private final PrintStream out;
        private int peakOnline;

        Progress(PrintStream out) {
            this.out = out;
        }

        void peak(LiveStats stats) {
            peakOnline = Math.max(peakOnline, stats.online());
        }

        private long lastAcked;
        private long lastNanos = System.nanoTime();

        void tick(String phase, LiveStats stats, int faults) {
            peak(stats);
            long now = System.nanoTime();
            double rate = (stats.acked() - lastAcked) * 1e9 / Math.max(1, now - lastNanos);
            lastAcked = stats.acked();
            lastNanos = now;
            if (out != null) {
                out.print(String.format(Locale.ROOT, "\r[%s] %s acked/s=%.0f faults=%d   ", phase, stats.line(), rate, faults));
                out.flush();
            }
        }

        void done() {
            if (out != null) {
                out.println();
            }
        }
    }
}

package dev.imbench.sim.client;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.sim.business.BusinessLedger;
import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.ledger.GroupDirectory;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.load.LoadPhase;
import dev.imbench.sim.measure.RunMeasurements;
import dev.imbench.sim.transport.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * What every client of one simulation shares: transport, token source,
 * recorders, ledger, groups, the load phase in force, and the kickout probe.
 */
public final class ClientContext {

    private final long seed;
    private final int clients;
    private final Transport transport;
    private final TokenSource tokens;
    private final ClientSettings settings;
    private final RunMeasurements measurements;
    private final DeliveryLedger ledger;
    private final BusinessLedger business;
    private final String businessLine;
    private final GroupDirectory groups;
    private final IntFunction<String> uidOf;
    private final IntFunction<DeviceType> deviceOf;
    private final int[][] groupsOfClient;
    private final AtomicLongArray kickoutStart;
    private final List<LoadPhase> phases = new CopyOnWriteArrayList<>();
    private volatile LoadPhase phase;
    /** Clients logged in and caught up now, kept by the clients themselves (no one visits them to count). */
    private final AtomicInteger ready = new AtomicInteger();
    private final ClientTimer timer = new ClientTimer();
    private final OfflinePuller puller;

    /**
     * Builds the shared context; {@code business} checks the c2s reports clients send to
     * {@code businessLine} and the s2c pushes they receive.
     */
    public ClientContext(long seed, int clients, Transport transport, TokenSource tokens, ClientSettings settings,
                         RunMeasurements measurements, DeliveryLedger ledger, BusinessLedger business,
                         String businessLine, GroupDirectory groups, IntFunction<String> uidOf,
                         IntFunction<DeviceType> deviceOf) {
        this.seed = seed;
        this.clients = clients;
        this.transport = transport;
        this.tokens = tokens;
        this.settings = settings;
        this.measurements = measurements;
        this.ledger = ledger;
        this.business = business;
        this.businessLine = businessLine;
        this.groups = groups;
        this.uidOf = uidOf;
        this.deviceOf = deviceOf;
        this.kickoutStart = new AtomicLongArray(clients);
        this.puller = new OfflinePuller(settings.pullPageSize(), measurements);
        this.phase = new LoadPhase("idle", LoadProfile.IDLE, measurements.startNanos(), 0, false, 0);
        phases.add(phase);
        int[] counts = new int[clients];
        for (int g = 0; g < groups.size(); g++) {
            for (int m : groups.members(g)) {
                counts[m]++;
            }
        }
        this.groupsOfClient = new int[clients][];
        for (int i = 0; i < clients; i++) {
            groupsOfClient[i] = new int[counts[i]];
            counts[i] = 0;
        }
        for (int g = 0; g < groups.size(); g++) {
            for (int m : groups.members(g)) {
                groupsOfClient[m][counts[m]++] = g;
            }
        }
    }

    long seed() { return seed; }

    int clients() { return clients; }

    Transport transport() { return transport; }

    TokenSource tokens() { return tokens; }

    ClientSettings settings() { return settings; }

    /** The run's recorders and counters. */
    public RunMeasurements measurements() { return measurements; }

    /** The delivery ledger. */
    public DeliveryLedger ledger() { return ledger; }

    /** The ledger of c2s reports and s2c pushes. */
    public BusinessLedger business() { return business; }

    /** The business line c2s reports go to. */
    public String businessLine() { return businessLine; }

    /** The groups. */
    public GroupDirectory groups() { return groups; }

    int[] groupsOf(int client) { return groupsOfClient[client]; }

    /** The uid of a client index. */
    public String uid(int client) { return uidOf.apply(client); }

    DeviceType device(int client) { return deviceOf.apply(client); }

    /** The load in force. */
    public LoadPhase phase() { return phase; }

    /** The phase of a version (0 .. the version in force). */
    public LoadPhase phase(int version) { return phases.get(version); }

    /** Every phase so far, in order (index = version). */
    public List<LoadPhase> phases() { return List.copyOf(phases); }

    /**
     * Puts a new load in force now (clients notice it when woken); {@code bounded}: its actions are
     * intended only within {@code durationNanos} of its start. Called from one thread.
     */
    public void phase(String name, LoadProfile profile, long durationNanos, boolean bounded) {
        LoadPhase next = new LoadPhase(name, profile, System.nanoTime(), durationNanos, bounded, phase.version() + 1);
        phases.add(next);
        phase = next;
    }

    /** The pull of an inbox, shared by the clients. */
    OfflinePuller puller() {
        return puller;
    }

    /** The clients' shared timer. */
    ClientTimer timer() {
        return timer;
    }

    /** Stops the clients' timer (once the clients are stopped). */
    public void close() {
        timer.close();
    }

    /** How many clients are logged in and have pulled what waited for them, now. */
    public int readyClients() {
        return ready.get();
    }

    void readyChanged(int delta) {
        ready.addAndGet(delta);
    }

    /** Marks that a second device of this client's uid starts logging in now (kickout latency). */
    public void kickoutStarting(int client, long nanos) {
        kickoutStart.set(client, nanos);
    }

    long takeKickoutStart(int client) {
        return kickoutStart.getAndSet(client, 0);
    }
}

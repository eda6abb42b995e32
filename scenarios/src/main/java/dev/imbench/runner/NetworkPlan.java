package dev.imbench.runner;

import dev.imbench.chaos.profile.Profiles;
import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.chaos.proxy.ToxicProxy;
import dev.imbench.chaos.toxic.ToxicHandler;
import dev.imbench.chaos.toxic.ToxicInstaller;
import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.NetworkSlice;
import dev.imbench.scenario.Scenario;
import dev.imbench.sim.load.Seeds;
import dev.imbench.sim.transport.PipelineHook;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Which toxics each client's connection carries: its weak-network slice for
 * the whole run, plus the profiles of the faults in force that target it.
 * Slices and fault targets are chosen by seed (at most 63 faults).
 *
 * <p>On the in-JVM transport the toxics run in each touched client's own
 * pipeline ({@link #hook()}); on TCP, clients that share a slice and a set of
 * fault memberships share a {@link ToxicProxy} in front of the gate
 * ({@link #route}). Either way a fault changes live connections too.
 */
final class NetworkPlan implements AutoCloseable {

    private static final int MAX_FAULTS = 63;

    private final long seed;
    private final List<NetworkSlice> slices;
    private final List<FaultStep> faults;
    private final byte[] slice;
    private final long[] faultMask;
    private volatile long active;
    private final AtomicReferenceArray<ToxicHandler> live;
    private final AtomicIntegerArray connections;
    /** Clients with the same slice and the same fault memberships share a proxy on TCP. */
    private record Group(int slice, long faults) {
    }

    private final Map<Group, ToxicProxy> proxies = new HashMap<>();
    private EventLoopGroup proxyGroup;

    NetworkPlan(Scenario s) {
        int n = s.population().clients();
        if (s.faults().size() > MAX_FAULTS || s.network().size() > 120) {
            throw new IllegalArgumentException("at most " + MAX_FAULTS + " faults and 120 network slices per scenario");
        }
        this.seed = s.seed();
        this.slices = s.network();
        this.faults = s.faults();
        this.slice = new byte[n];
        this.faultMask = new long[n];
        this.live = new AtomicReferenceArray<>(n);
        this.connections = new AtomicIntegerArray(n);
        SplittableRandom r = Seeds.forPurpose(seed, Seeds.NETWORK_SLICES);
        for (int i = 0; i < n; i++) {
            double draw = r.nextDouble();
            double acc = 0;
            slice[i] = -1;
            for (int k = 0; k < slices.size(); k++) {
                acc += slices.get(k).fraction();
                if (draw < acc) {
                    slice[i] = (byte) k;
                    break;
                }
            }
        }
        for (int f = 0; f < faults.size(); f++) {
            SplittableRandom fr = Seeds.forPurpose(seed, Seeds.FAULT_TARGETS, f);
            for (int i = 0; i < n; i++) {
                if (fr.nextDouble() < faults.get(f).fraction()) {
                    faultMask[i] |= 1L << f;
                }
            }
        }
    }

    private boolean touched(int i) {
        return slice[i] >= 0 || faultMask[i] != 0;
    }

    /** Whether the scenario puts any toxic on any client. */
    boolean active() {
        for (int i = 0; i < slice.length; i++) {
            if (touched(i)) {
                return true;
            }
        }
        return false;
    }

    /** Number of clients in a weak-network slice from the start. */
    int sliced() {
        int c = 0;
        for (byte b : slice) {
            c += b >= 0 ? 1 : 0;
        }
        return c;
    }

    /** Number of clients fault {@code f} concerns. */
    int targetCount(int f) {
        int c = 0;
        for (long m : faultMask) {
            c += (m >>> f & 1) != 0 ? 1 : 0;
        }
        return c;
    }

    /** The network slice (profile name) a client is on for the whole run, null for none. */
    String sliceOf(int client) {
        return client >= 0 && client < slice.length && slice[client] >= 0 ? slices.get(slice[client]).profile() : null;
    }

    /** Whether fault {@code f} concerns a client. */
    boolean inFault(int f, int client) {
        return client >= 0 && client < faultMask.length && (faultMask[client] >>> f & 1) != 0;
    }

    /** The toxics of a slice plus the active faults among {@code mask}. */
    private List<ToxicSpec> toxics(int sliceIndex, long mask) {
        List<ToxicSpec> out = new ArrayList<>();
        if (sliceIndex >= 0) {
            out.addAll(Profiles.get(slices.get(sliceIndex).profile()).toxics());
        }
        long on = mask & active;
        for (int f = 0; f < faults.size(); f++) {
            if ((on >>> f & 1) != 0) {
                for (ToxicSpec t : Profiles.get(faults.get(f).target()).toxics()) {
                    // Toxic names are unique per connection: suffix a fault's copies with its index.
                    out.add(new ToxicSpec(t.name() + "_fault" + f, t.type(), t.stream(), t.toxicity(), t.attributes()));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Puts fault {@code f}'s profile on its targets' connections, live ones included. */
    void applyFault(int f) {
        active |= 1L << f;
        refresh(1L << f);
    }

    /** Takes fault {@code f} away again. */
    void liftFault(int f) {
        active &= ~(1L << f);
        refresh(1L << f);
    }

    /** Takes every fault away (the phases are over; the drain runs on the slices alone). */
    void liftAll() {
        long was = active;
        active = 0;
        refresh(was);
    }

    private synchronized void refresh(long changed) {
        for (int i = 0; i < slice.length; i++) {
            if ((faultMask[i] & changed) != 0) {
                ToxicHandler h = live.get(i);
                if (h != null) {
                    h.update(toxics(slice[i], faultMask[i]));
                }
            }
        }
        proxies.forEach((group, proxy) -> {
            if ((group.faults() & changed) != 0) {
                proxy.setToxics(toxics(group.slice(), group.faults()));
            }
        });
    }

    /** The in-JVM transport's hook: a toxic handler on the connections of touched clients. */
    PipelineHook hook() {
        return (pipeline, index) -> {
            if (touched(index)) {
                int k = connections.incrementAndGet(index);
                SplittableRandom r = Seeds.forPurpose(seed, Seeds.CONNECTION_TOXICS, index, k);
                List<ToxicSpec> now = toxics(slice[index], faultMask[index]);
                ToxicHandler h = ToxicInstaller.install(pipeline, now, r);
                live.set(index, h);
                // A fault may have started or ended while the handler was being made.
                List<ToxicSpec> after = toxics(slice[index], faultMask[index]);
                if (!after.equals(now)) {
                    h.update(after);
                }
            }
        };
    }

    /**
     * Starts one proxy in front of {@code gate} per group of clients sharing a
     * slice and fault memberships, and returns where each client connects.
     */
    synchronized IntFunction<InetSocketAddress> route(InetSocketAddress gate) {
        proxyGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        InetSocketAddress[] target = new InetSocketAddress[slice.length];
        for (int i = 0; i < slice.length; i++) {
            if (!touched(i)) {
                target[i] = gate;
                continue;
            }
            Group key = new Group(slice[i], faultMask[i]);
            ToxicProxy p = proxies.get(key);
            if (p == null) {
                p = new ToxicProxy(proxyGroup, new HostPort("127.0.0.1", 0),
                        new HostPort(gate.getHostString(), gate.getPort()),
                        Seeds.seed(seed, Seeds.PROXY_TOXICS, key.slice(), key.faults()));
                p.setToxics(toxics(slice[i], faultMask[i]));
                p.start();
                proxies.put(key, p);
            }
            target[i] = new InetSocketAddress("127.0.0.1", p.listen().port());
        }
        return i -> target[i];
    }

    /** How many proxies carry clients (TCP only). */
    synchronized int proxyCount() {
        return proxies.size();
    }

    @Override
    public synchronized void close() {
        proxies.values().forEach(ToxicProxy::stop);
        proxies.clear();
        if (proxyGroup != null) {
            proxyGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}

package dev.imbench.runner;

import dev.imbench.chaos.toxic.ToxicHandler;
import dev.imbench.chaos.toxic.ToxicInstaller;
import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.runner.fault.ClientNetwork;
import dev.imbench.runner.fault.FaultActions;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.NetworkSlice;
import dev.imbench.scenario.Scenario;
import dev.imbench.sim.load.Seeds;
import dev.imbench.sim.transport.PipelineHook;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Which toxics each client's connection carries: its weak-network slice for the whole run, plus
 * the toxics of the client-side faults in force that concern it, and whether a fault has cut it
 * off. Slices and fault targets are drawn through {@link Seeds} (at most 63 faults).
 *
 * <p>On the in-JVM transport the toxics run in each touched client's own pipeline ({@link #hook()});
 * on TCP and WebSocket, clients that share a slice and a set of fault memberships share a proxy in
 * front of the gate ({@link #route}, {@link #wsRoute}), embedded or on an external Toxiproxy. Either
 * way a fault changes live connections too.
 */
final class NetworkPlan implements ClientNetwork, AutoCloseable {

    private static final int MAX_FAULTS = 63;

    private final Scenario scenario;
    private final long seed;
    private final List<NetworkSlice> slices;
    private final byte[] slice;
    private final long[] faultMask;
    private final AtomicReferenceArray<List<ToxicSpec>> faultToxics;
    private volatile long cutMask;
    private final AtomicReferenceArray<ToxicHandler> live;
    private final AtomicIntegerArray connections;

    /** Clients with the same slice and the same fault memberships share a proxy. */
    private record Group(int slice, long faults) {
    }

    private final Map<Group, ClientProxies.Proxy> proxies = new LinkedHashMap<>();
    private ClientProxies proxyHost;

    NetworkPlan(Scenario s) {
        int n = s.population().clients();
        if (s.faults().size() > MAX_FAULTS || s.network().size() > 120) {
            throw new IllegalArgumentException("at most " + MAX_FAULTS + " faults and 120 network slices per scenario");
        }
        this.scenario = s;
        this.seed = s.seed();
        this.slices = s.network();
        this.slice = new byte[n];
        this.faultMask = new long[n];
        this.faultToxics = new AtomicReferenceArray<>(s.faults().size());
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
        for (int f = 0; f < s.faults().size(); f++) {
            FaultStep step = s.faults().get(f);
            if (!FaultActions.clientSide(step)) {
                continue;
            }
            SplittableRandom fr = Seeds.forPurpose(seed, Seeds.FAULT_TARGETS, f);
            for (int i = 0; i < n; i++) {
                if (fr.nextDouble() < step.fraction()) {
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

    @Override
    public int clients(int f) {
        int c = 0;
        for (long m : faultMask) {
            c += (m >>> f & 1) != 0 ? 1 : 0;
        }
        return c;
    }

    /** The network slice a client is on for the whole run, null for none. */
    String sliceOf(int client) {
        return client >= 0 && client < slice.length && slice[client] >= 0 ? slices.get(slice[client]).name() : null;
    }

    @Override
    public boolean concerns(int f, int client) {
        return client >= 0 && client < faultMask.length && (faultMask[client] >>> f & 1) != 0;
    }

    /** The toxics of a slice plus those of the faults in force among {@code mask}. */
    private List<ToxicSpec> toxics(int sliceIndex, long mask) {
        List<ToxicSpec> out = new ArrayList<>();
        if (sliceIndex >= 0) {
            out.addAll(scenario.sliceToxics(slices.get(sliceIndex)));
        }
        for (int f = 0; f < faultToxics.length(); f++) {
            List<ToxicSpec> t = faultToxics.get(f);
            if ((mask >>> f & 1) != 0 && t != null) {
                for (ToxicSpec x : t) {
                    // Toxic names are unique per connection: suffix a fault's copies with its index.
                    out.add(new ToxicSpec(x.name() + "_fault" + f, x.type(), x.stream(), x.toxicity(), x.attributes()));
                }
            }
        }
        return List.copyOf(out);
    }

    @Override
    public void addToxics(int f, List<ToxicSpec> toxics) {
        faultToxics.set(f, List.copyOf(toxics));
        refresh(1L << f);
    }

    @Override
    public void removeToxics(int f) {
        faultToxics.set(f, null);
        refresh(1L << f);
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
                try {
                    proxy.setToxics(toxics(group.slice(), group.faults()));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot change the toxics of a proxy: " + e.getMessage(), e);
                }
            }
        });
    }

    @Override
    public synchronized void cut(int f) {
        long bit = 1L << f;
        boolean wasCut = (cutMask & bit) != 0;
        cutMask |= bit;
        if (wasCut) {
            return;
        }
        for (int i = 0; i < slice.length; i++) {
            if ((faultMask[i] & bit) != 0) {
                ToxicHandler h = live.get(i);
                if (h != null) {
                    h.abort();
                }
            }
        }
        proxies.forEach((group, proxy) -> {
            if ((group.faults() & bit) != 0 && (group.faults() & (cutMask & ~bit)) == 0) {
                try {
                    proxy.down();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot take a proxy down: " + e.getMessage(), e);
                }
            }
        });
    }

    @Override
    public synchronized void restore(int f) {
        long bit = 1L << f;
        if ((cutMask & bit) == 0) {
            return;
        }
        cutMask &= ~bit;
        proxies.forEach((group, proxy) -> {
            if ((group.faults() & bit) != 0 && (group.faults() & cutMask) == 0) {
                try {
                    proxy.up();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot bring a proxy up: " + e.getMessage(), e);
                }
            }
        });
    }

    /** Whether a client is cut off now. */
    private boolean isCut(int i) {
        return (faultMask[i] & cutMask) != 0;
    }

    /** The in-JVM transport's hook: a toxic handler on touched clients' connections, closed while cut off. */
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
                pipeline.addFirst("imbench-cut", new CutOff(index));
            }
        };
    }

    /** Closes a new connection of a client that is cut off (the in-JVM stand-in for a refused connect). */
    private final class CutOff extends ChannelInboundHandlerAdapter {
        private final int client;

        CutOff(int client) {
            this.client = client;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (isCut(client)) {
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }
    }

    /**
     * Opens one proxy in front of {@code gate} per group of clients sharing a slice and fault
     * memberships, on {@code host}, and returns where each client connects.
     */
    synchronized IntFunction<InetSocketAddress> route(InetSocketAddress gate, ClientProxies host) throws Exception {
        this.proxyHost = host;
        InetSocketAddress[] target = new InetSocketAddress[slice.length];
        for (int i = 0; i < slice.length; i++) {
            if (!touched(i)) {
                target[i] = gate;
                continue;
            }
            Group key = new Group(slice[i], faultMask[i]);
            ClientProxies.Proxy p = proxies.get(key);
            if (p == null) {
                p = host.open("imbench-" + scenario.name() + "-" + proxies.size(), gate,
                        Seeds.seed(seed, Seeds.PROXY_TOXICS, key.slice(), key.faults()), toxics(slice[i], faultMask[i]));
                proxies.put(key, p);
            }
            target[i] = p.listen();
        }
        return i -> target[i];
    }

    /** The WebSocket clients' endpoints: {@code gate} with its host and port replaced by their proxy's. */
    IntFunction<URI> wsRoute(URI gate, ClientProxies host) throws Exception {
        IntFunction<InetSocketAddress> tcp = route(new InetSocketAddress(gate.getHost(), gate.getPort()), host);
        URI[] out = new URI[slice.length];
        for (int i = 0; i < out.length; i++) {
            InetSocketAddress a = tcp.apply(i);
            try {
                out[i] = new URI(gate.getScheme(), null, a.getHostString(), a.getPort(), gate.getPath(), gate.getQuery(), null);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return i -> out[i];
    }

    /** Where the proxies run, in words. */
    synchronized String proxyDescription() {
        return proxyHost == null ? "none" : proxyHost.description();
    }

    /** How many proxies carry clients (TCP and WebSocket only). */
    synchronized int proxyCount() {
        return proxies.size();
    }

    @Override
    public synchronized void close() {
        proxies.clear();
        if (proxyHost != null) {
            proxyHost.close();
        }
    }
}

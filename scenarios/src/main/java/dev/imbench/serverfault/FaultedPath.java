package dev.imbench.serverfault;

import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.chaos.proxy.ProxyMetrics;
import dev.imbench.chaos.proxy.ToxicProxy;
import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicSpec;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One connection path the runner can break: an embedded Toxiproxy-compatible {@link ToxicProxy}
 * from a loopback port to an upstream (MariaDB, Redis, a logic node's link port). The server is
 * configured to dial {@link #listen()} instead of the upstream. {@link #cut} and {@link #slow} replace
 * whatever was in force; {@link #heal} restores a clean path.
 */
public final class FaultedPath implements AutoCloseable {

    /** Connections one path carries at most (MySQL pools of every node, Redis clients, links). */
    static final int MAX_CONNECTIONS = 4096;

    private final String name;
    private final ToxicProxy proxy;
    private String state = "clean";

    private FaultedPath(String name, ToxicProxy proxy) {
        this.name = name;
        this.proxy = proxy;
    }

    /**
     * Starts a path on an ephemeral loopback port.
     *
     * @param name     what it leads to, for messages (e.g. {@code mysql})
     * @param group    event loops (shared by the run's paths)
     * @param upstream where connections go
     * @param seed     the proxy's seed (its toxics draw from it)
     */
    public static FaultedPath start(String name, EventLoopGroup group, HostPort upstream, long seed) {
        ToxicProxy p = new ToxicProxy(group, new HostPort("127.0.0.1", 0), upstream, seed, MAX_CONNECTIONS);
        p.start();
        return new FaultedPath(name, p);
    }

    /** Where the server connects instead of the upstream. */
    public HostPort listen() {
        return proxy.listen();
    }

    /** What this path leads to. */
    public String name() {
        return name;
    }

    /** Cuts the path ({@link CutMode} says how). */
    public synchronized void cut(CutMode mode) {
        switch (mode) {
            case RESET -> {
                proxy.setToxics(List.of());
                proxy.stop();
            }
            case BLACKHOLE -> {
                ensureListening();
                proxy.setToxics(List.of(
                        ToxicSpec.of("timeout", Direction.UPSTREAM, Map.of("timeout", 0L)),
                        ToxicSpec.of("timeout", Direction.DOWNSTREAM, Map.of("timeout", 0L))));
            }
        }
        state = "cut (" + mode.wireName() + ")";
    }

    /**
     * Delays every answer from the upstream by {@code latency} (plus up to {@code jitter}, drawn from
     * the path's seed): each request/response round trip takes that much longer.
     */
    public synchronized void slow(Duration latency, Duration jitter) {
        ensureListening();
        proxy.setToxics(List.of(ToxicSpec.of("latency", Direction.DOWNSTREAM,
                Map.of("latency", latency.toMillis(), "jitter", jitter.toMillis()))));
        state = "slow (+" + latency.toMillis() + " ms" + (jitter.isZero() ? "" : " ± " + jitter.toMillis() + " ms") + ")";
    }

    /** Back to a clean path: toxics removed (connections a black hole held are closed), listening again. */
    public synchronized void heal() {
        proxy.setToxics(List.of());
        ensureListening();
        state = "clean";
    }

    /** "clean", "cut (reset)", "slow (+200 ms)", … */
    public synchronized String state() {
        return state;
    }

    /** The proxy's counters (connections, bytes, resets). */
    public ProxyMetrics metrics() {
        return proxy.metrics();
    }

    private void ensureListening() {
        if (!proxy.isEnabled()) {
            proxy.start(); // same port: the server's pools dial it again
        }
    }

    @Override
    public synchronized void close() {
        proxy.stop();
    }

    @Override
    public String toString() {
        return name + " path " + listen() + " -> " + proxy.upstream();
    }
}

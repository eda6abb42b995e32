package dev.imbench.chaos.api;

import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.chaos.proxy.ToxicProxy;
import dev.imbench.chaos.toxic.ToxicSpec;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The proxies of one API server and the operations of the Toxiproxy API on them (thread-safe:
 * every operation holds this store's lock). Each proxy's seed derives from the server seed and the
 * proxy's name ({@link #seedOf}), so a run's draws do not depend on creation order.
 */
final class ProxyStore {

    /** A proxy request: the fields given (null = absent). */
    record ProxyRequest(String name, String listen, String upstream, Boolean enabled) {
    }

    private final EventLoopGroup group;
    private final long seed;
    private final int maxConnectionsPerProxy;
    private HostPort api;
    private final Map<String, ManagedProxy> proxies = new TreeMap<>();

    /**
     * The seed of the proxy {@code name} on a server started with {@code serverSeed}: the first
     * {@code nextLong()} of {@code new SplittableRandom(serverSeed ^ h)}, where {@code h} is the 64-bit
     * FNV-1a hash of the name's UTF-8 bytes (offset basis {@code 0xcbf29ce484222325}, prime
     * {@code 0x100000001b3}). The same server seed and name give the same draws on every JVM, and two
     * names give unrelated ones ({@code String.hashCode()} maps "Aa" and "BB" to one value).
     */
    static long seedOf(long serverSeed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new SplittableRandom(serverSeed ^ h).nextLong();
    }

    /**
     * @param api                    the API server's own address (no proxy may lead there)
     * @param maxConnectionsPerProxy client connections open at once through one proxy
     */
    ProxyStore(EventLoopGroup group, long seed, HostPort api, int maxConnectionsPerProxy) {
        if (maxConnectionsPerProxy <= 0) {
            throw new IllegalArgumentException("maxConnectionsPerProxy must be > 0: " + maxConnectionsPerProxy);
        }
        this.group = group;
        this.seed = seed;
        this.api = api;
        this.maxConnectionsPerProxy = maxConnectionsPerProxy;
    }

    /**
     * Refuses (400) an upstream that leads back into a proxy: the proxy's own listen address, the API
     * server, or a chain of proxies whose upstreams come back to {@code name}'s listen address. Each
     * connection through such a loop would open another until descriptors run out.
     */
    private void refuseLoops(String name, HostPort listen, HostPort upstream) {
        if (upstream.sameLocalEndpoint(listen)) {
            throw ApiException.badRequest("upstream " + upstream + " is the proxy's own listen address: a loop");
        }
        if (api != null && upstream.sameLocalEndpoint(api)) {
            throw ApiException.badRequest("upstream " + upstream + " is this API server");
        }
        HostPort next = upstream;
        for (int hops = 0; hops <= proxies.size(); hops++) {
            ManagedProxy via = null;
            for (ManagedProxy p : proxies.values()) {
                if (!p.name.equals(name) && p.proxy.listen().sameLocalEndpoint(next)) {
                    via = p;
                }
            }
            if (via == null) {
                return;
            }
            next = via.proxy.upstream();
            if (next.sameLocalEndpoint(listen)) {
                throw ApiException.badRequest("upstream " + upstream + " leads back to this proxy through "
                        + via.name + ": a loop");
            }
        }
    }

    /** The API server's bound address (known once it listens). */
    synchronized void apiAddress(HostPort bound) {
        api = bound;
    }

    synchronized List<ManagedProxy> all() {
        return new ArrayList<>(proxies.values());
    }

    synchronized ManagedProxy get(String name) {
        ManagedProxy p = proxies.get(name);
        if (p == null) {
            throw ApiException.notFound("proxy not found");
        }
        return p;
    }

    synchronized ManagedProxy create(ProxyRequest r) {
        if (r.name() == null || r.name().isBlank()) {
            throw ApiException.badRequest("missing required field: name");
        }
        if (r.upstream() == null || r.upstream().isBlank()) {
            throw ApiException.badRequest("missing required field: upstream");
        }
        if (proxies.containsKey(r.name())) {
            throw ApiException.conflict("proxy already exists");
        }
        HostPort listen = address(r.listen() == null || r.listen().isBlank() ? "127.0.0.1:0" : r.listen());
        HostPort upstream = address(r.upstream());
        refuseLoops(r.name(), listen, upstream);
        ManagedProxy p = new ManagedProxy(r.name(), new ToxicProxy(group, listen, upstream,
                seedOf(seed, r.name()), maxConnectionsPerProxy));
        if (r.enabled() == null || r.enabled()) {
            start(p);
            if (upstream.sameLocalEndpoint(p.proxy.listen())) { // an ephemeral listen port that is the upstream
                p.proxy.stop();
                throw ApiException.badRequest("upstream " + upstream + " is the proxy's own listen address: a loop");
            }
        }
        proxies.put(r.name(), p);
        return p;
    }

    synchronized ManagedProxy update(String name, ProxyRequest r) {
        ManagedProxy p = get(name);
        HostPort listen = r.listen() == null ? p.proxy.listen() : address(r.listen());
        HostPort upstream = r.upstream() == null ? p.proxy.upstream() : address(r.upstream());
        if (!listen.equals(p.proxy.listen()) || !upstream.equals(p.proxy.upstream())) {
            refuseLoops(name, listen, upstream);
            try {
                p.proxy.reconfigure(listen, upstream);
            } catch (IllegalStateException e) {
                throw new ApiException(500, e.getMessage());
            }
        }
        if (r.enabled() != null) {
            if (r.enabled()) {
                start(p);
            } else {
                p.proxy.stop();
            }
        }
        return p;
    }

    synchronized void delete(String name) {
        ManagedProxy p = get(name);
        proxies.remove(name); // forgotten even if stopping it fails
        p.proxy.stop();
    }

    /** Creates or replaces each proxy (all validated first); returns them in the given order. */
    synchronized List<ManagedProxy> populate(List<ProxyRequest> requests) {
        for (ProxyRequest r : requests) {
            if (r.name() == null || r.name().isBlank()) {
                throw ApiException.badRequest("missing required field: name");
            }
            if (r.upstream() == null || r.upstream().isBlank()) {
                throw ApiException.badRequest("missing required field: upstream");
            }
            address(r.upstream());
            if (r.listen() != null) {
                address(r.listen());
            }
        }
        List<ManagedProxy> out = new ArrayList<>();
        for (ProxyRequest r : requests) {
            ManagedProxy old = proxies.get(r.name());
            if (old != null) {
                old.proxy.stop();
                proxies.remove(r.name());
            }
            out.add(create(r));
        }
        return out;
    }

    synchronized ToxicSpec addToxic(String proxy, ToxicSpec spec) {
        ManagedProxy p = get(proxy);
        if (p.toxics.stream().anyMatch(t -> t.name().equals(spec.name()))) {
            throw ApiException.conflict("toxic already exists");
        }
        p.toxics.add(spec);
        p.publish();
        return spec;
    }

    synchronized ToxicSpec updateToxic(String proxy, String toxic, Map<String, Long> attributes, Double toxicity) {
        ManagedProxy p = get(proxy);
        ToxicSpec old = p.toxic(toxic);
        ToxicSpec updated;
        try {
            updated = old.withUpdate(attributes, toxicity);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        p.toxics.set(p.toxics.indexOf(old), updated);
        p.publish();
        return updated;
    }

    synchronized void removeToxic(String proxy, String toxic) {
        ManagedProxy p = get(proxy);
        p.toxics.remove(p.toxic(toxic));
        p.publish();
    }

    /** Enables every proxy and removes every toxic. */
    synchronized void reset() {
        for (ManagedProxy p : proxies.values()) {
            p.toxics.clear();
            p.publish();
            start(p);
        }
    }

    /** Stops every proxy. */
    synchronized void closeAll() {
        proxies.values().forEach(p -> p.proxy.stop());
        proxies.clear();
    }

    private static void start(ManagedProxy p) {
        try {
            p.proxy.start();
        } catch (IllegalStateException e) {
            throw new ApiException(500, e.getMessage());
        }
    }

    private static HostPort address(String s) {
        try {
            return HostPort.parse(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}

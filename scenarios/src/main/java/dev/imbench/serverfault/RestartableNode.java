package dev.imbench.serverfault;

import dev.imbench.server.ImServer;
import dev.imbench.server.cluster.Role;
import dev.imbench.server.cluster.ServerNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A server node (gate, logic node, or both in one) the runner can kill and start again, as an
 * operator's supervisor would: the same settings and the same ports (the first start pins the
 * ephemeral ones, and a generated business-API secret), so clients, gates and the business server
 * find it where it was. {@link #kill()} is {@link ServerNode#halt()}: connections reset, no
 * goodbye, routes left to expire.
 */
public final class RestartableNode implements AutoCloseable {

    /** How long a restarted gate may take to link every logic node. */
    static final Duration LINK_TIMEOUT = Duration.ofSeconds(15);

    private final String id;
    private final Map<String, Object> settings;
    private volatile ServerNode node;
    private int restarts;

    private RestartableNode(String id, Map<String, Object> settings, ServerNode node) {
        this.id = id;
        this.settings = settings;
        this.node = node;
    }

    /** Starts a node from {@code settings} (what {@link ServerNode#start} reads) and pins its ports. */
    public static RestartableNode start(Map<String, ?> settings) {
        Map<String, Object> pinned = new LinkedHashMap<>(settings);
        ServerNode n = ServerNode.start(pinned);
        ImServer s = n.server();
        if (s.tcpAddress() != null) {
            pinned.put("tcpPort", s.tcpAddress().getPort());
        }
        if (s.wsUri() != null) {
            pinned.put("wsPort", s.wsUri().getPort());
        }
        if (s.httpAddress() != null) {
            pinned.put("httpPort", s.httpAddress().getPort());
        }
        if (s.linkAddress() != null) {
            pinned.put("linkPort", s.linkAddress().getPort());
        }
        // A generated business-API secret would change with every start: keep the first one.
        pinned.put("apiSecret", s.apiSecret());
        if (s.localAddress() != null) {
            pinned.put("localAddressName", s.localAddress().id());
        }
        return new RestartableNode(s.config().gateId(), pinned, n);
    }

    /** A setting it (re)starts with (ports pinned after the first start). */
    public synchronized Object setting(String key) {
        return settings.get(key);
    }

    /** Its gate id. */
    public String id() {
        return id;
    }

    /** Its role. */
    public Role role() {
        return current().map(n -> n.server().cluster().role()).orElseGet(() -> Role.valueOf(
                String.valueOf(settings.getOrDefault("role", "all")).toUpperCase(Locale.ROOT)));
    }

    /** The running node; empty while it is dead. */
    public Optional<ServerNode> current() {
        return Optional.ofNullable(node);
    }

    /** Whether it runs. */
    public boolean alive() {
        return node != null;
    }

    /** How often it was started again. */
    public synchronized int restarts() {
        return restarts;
    }

    /** Kills it (nothing happens when it is dead already). */
    public synchronized void kill() {
        ServerNode n = node;
        node = null;
        if (n != null) {
            n.halt();
        }
    }

    /**
     * Starts it again on the same ports (a running node is killed first); a gate is back once it linked
     * every logic node.
     *
     * @throws IllegalStateException when it cannot start or link
     */
    public synchronized void restart() throws InterruptedException {
        kill();
        ServerNode n = ServerNode.start(settings);
        node = n;
        restarts++;
        if (n.server().cluster().role() == Role.GATE && !n.server().awaitLinkedToLogic(LINK_TIMEOUT)) {
            throw new IllegalStateException(id + " restarted but did not link every logic node within "
                    + LINK_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Stops it cleanly, if it runs. */
    @Override
    public synchronized void close() {
        ServerNode n = node;
        node = null;
        if (n != null) {
            n.close();
        }
    }

    @Override
    public String toString() {
        return id + (node == null ? " (dead)" : "");
    }
}

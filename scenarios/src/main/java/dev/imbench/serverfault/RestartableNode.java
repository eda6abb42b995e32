package dev.imbench.serverfault;

import dev.imbench.server.cluster.Role;
import dev.imbench.server.cluster.ServerNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server node (gate, logic node, or both in one) the runner can kill and start again, as an
 * operator's supervisor would: the same settings and the same ports (unset ones chosen below the kernel's
 * ephemeral range by {@link StablePorts}, and a generated business-API secret), so clients, gates and the business server
 * find it where it was. It runs in this JVM, where {@link #kill()} is {@link ServerNode#halt()}
 * (connections reset, no goodbye, routes left to expire), or as its own process ({@link #startProcess}),
 * where {@link #kill()} is a SIGKILL.
 */
public final class RestartableNode implements AutoCloseable {

    /** How long a restarted gate may take to link every logic node. */
    static final Duration LINK_TIMEOUT = Duration.ofSeconds(15);

    private final String id;
    private final Map<String, Object> settings;
    private final boolean process;
    private volatile RunningNode node;
    private int restarts;

    private RestartableNode(String id, Map<String, Object> settings, boolean process, RunningNode node) {
        this.id = id;
        this.settings = settings;
        this.process = process;
        this.node = node;
    }

    /** Starts a node in this JVM from {@code settings} (what {@link ServerNode#start} reads) and pins its ports. */
    public static RestartableNode start(Map<String, ?> settings) throws InterruptedException {
        return start(settings, false);
    }

    /** Starts a node as its own process ({@code imbench server}) from {@code settings} and pins its ports. */
    public static RestartableNode startProcess(Map<String, ?> settings) throws InterruptedException {
        return start(settings, true);
    }

    private static RestartableNode start(Map<String, ?> settings, boolean process) throws InterruptedException {
        Map<String, Object> pinned = new LinkedHashMap<>(settings);
        StablePorts.pin(pinned);
        RunningNode n = launch(pinned, process);
        pinned.putAll(n.pins());
        String id = n.inProcess().map(s -> s.server().config().gateId()).orElse(String.valueOf(settings.get("gateId")));
        return new RestartableNode(id, pinned, process, n);
    }

    private static RunningNode launch(Map<String, Object> settings, boolean process) throws InterruptedException {
        return process ? ChildNode.start(settings) : InProcessNode.start(settings);
    }

    /** A setting it (re)starts with (ports pinned after the first start). */
    public synchronized Object setting(String key) {
        return settings.get(key);
    }

    /** A pinned port ({@code tcpPort}, {@code wsPort}, {@code httpPort}, {@code linkPort}); -1 when it has none. */
    public synchronized int port(String key) {
        Object v = settings.get(key);
        return v == null ? -1 : Integer.parseInt(String.valueOf(v));
    }

    /** Its gate id. */
    public String id() {
        return id;
    }

    /** Whether it runs as its own process (else in this JVM). */
    public boolean isProcess() {
        return process;
    }

    /** Its process id (empty in this JVM or while it is dead). */
    public OptionalLong pid() {
        return node instanceof ChildNode c ? OptionalLong.of(c.pid()) : OptionalLong.empty();
    }

    /** Its role. */
    public Role role() {
        return current().map(n -> n.server().cluster().role()).orElseGet(() -> Role.valueOf(
                String.valueOf(settings.getOrDefault("role", "all")).toUpperCase(Locale.ROOT)));
    }

    /** The running node in this JVM; empty while it is dead, and always for a process. */
    public Optional<ServerNode> current() {
        RunningNode n = node;
        return n == null ? Optional.empty() : n.inProcess();
    }

    /** Whether it runs. */
    public boolean alive() {
        return node != null;
    }

    /** Its Prometheus text ("" while it is dead). */
    public String metrics() {
        RunningNode n = node;
        return n == null ? "" : n.metrics();
    }

    /** On a gate: waits until it linked every logic node (false after {@code timeout}, or while it is dead). */
    public boolean awaitLinked(Duration timeout) throws InterruptedException {
        RunningNode n = node;
        return n != null && n.awaitLinked(timeout);
    }

    /** How often it was started again. */
    public synchronized int restarts() {
        return restarts;
    }

    /**
     * Kills it (nothing happens when it is dead already).
     *
     * @return how it died, for the event log ("" when it was dead)
     */
    public synchronized String kill() {
        RunningNode n = node;
        node = null;
        return n == null ? "" : n.kill();
    }

    /**
     * Starts it again on the same ports (a running node is killed first); a gate is back once it linked
     * every logic node.
     *
     * @throws IllegalStateException when it cannot start or link
     */
    public synchronized void restart() throws InterruptedException {
        kill();
        RunningNode n = launch(settings, process);
        node = n;
        restarts++;
        if (!n.awaitLinked(LINK_TIMEOUT)) {
            throw new IllegalStateException(id + " restarted but did not link every logic node within "
                    + LINK_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Stops it cleanly, if it runs. */
    @Override
    public synchronized void close() {
        RunningNode n = node;
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

package dev.imbench.serverfault;

import dev.imbench.server.cluster.ServerNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One start of a {@link RestartableNode}: a {@link ServerNode} in this JVM, or a child process
 * ({@link ChildNode}). What the runner needs of it either way: its ports, its metrics, whether a gate
 * linked its logic nodes, and its two ways to end.
 */
interface RunningNode {

    /** The node in this JVM (empty for a child process). */
    Optional<ServerNode> inProcess();

    /**
     * The listening ports it reports, by setting name ({@code tcpPort}, {@code wsPort}, {@code httpPort},
     * {@code linkPort}), plus {@code apiSecret} and, in this JVM, {@code localAddressName}: what a restart
     * pins so that it comes back where it was.
     */
    Map<String, Object> pins();

    /** Its Prometheus text ("" when it cannot be read). */
    String metrics();

    /** On a gate: waits until it linked every logic node; elsewhere true at once. */
    boolean awaitLinked(Duration timeout) throws InterruptedException;

    /** Dies without any goodbye; returns how, for the event log. */
    String kill();

    /** Stops cleanly. */
    void close();
}

package dev.imbench.server.route;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/** User status and routing: at most one route per (uid, device type). */
public interface Presence {

    /** Makes {@code route} the route of its (uid, device type); returns the route it replaced, to be kicked out. */
    Optional<Route> bind(Route route);

    /** Removes {@code route} if it is still the current one (same gate and session); returns true if removed. */
    boolean unbind(Route route);

    /** Every current route of {@code uid} (one per device type), empty if offline. */
    List<Route> routes(String uid);

    /** Number of routes (online devices). */
    long onlineDevices();

    /**
     * Revokes a token until it expires (logout): {@link #tokenRevoked} answers true for it from now on, on
     * every process sharing this routing. {@code tokenId} is a digest of the token, never the token.
     */
    void revokeToken(String tokenId, long expiresAtMillis);

    /** Whether {@link #revokeToken} was called for this token and it has not expired since. */
    boolean tokenRevoked(String tokenId);

    /**
     * This process's gate holds the connection of {@code route}: keep its entry alive (the gate
     * heartbeat) until {@link #release}, recording the connection's last packet time as the heartbeat
     * reads it from {@code lastPacketAt} (epoch ms). Routes that expire need it; the default does nothing.
     */
    default void hold(Route route, LongSupplier lastPacketAt) {
    }

    /** This gate no longer holds {@code route}'s connection: stop refreshing it. */
    default void release(Route route) {
    }

    /** Announces this process's gate so {@link #liveGates()} lists it while the process lives. */
    default void announceGate(GateInfo gate) {
    }

    /** Gates announced and alive, in id order; empty where routing is not shared across processes. */
    default List<GateInfo> liveGates() {
        return List.of();
    }
}

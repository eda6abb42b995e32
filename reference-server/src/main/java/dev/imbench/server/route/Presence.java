package dev.imbench.server.route;

import java.util.List;
import java.util.Optional;

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
}

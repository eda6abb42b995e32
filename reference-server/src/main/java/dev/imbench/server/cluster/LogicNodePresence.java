package dev.imbench.server.cluster;

import dev.imbench.server.route.GateInfo;
import dev.imbench.server.route.Presence;
import dev.imbench.server.route.Route;
import java.util.List;
import java.util.Optional;

/**
 * Routing as a logic node uses it: a route it binds is held (kept alive by heartbeat) by the gate
 * holding the connection, never by the logic node, so a dead gate's users expire even while every
 * logic node lives.
 */
final class LogicNodePresence implements Presence {

    private final Presence routing;

    LogicNodePresence(Presence routing) {
        this.routing = routing;
    }

    @Override
    public Optional<Route> bind(Route route) {
        Optional<Route> old = routing.bind(route);
        routing.release(route);
        return old;
    }

    @Override
    public boolean unbind(Route route) {
        return routing.unbind(route);
    }

    @Override
    public List<Route> routes(String uid) {
        return routing.routes(uid);
    }

    @Override
    public long onlineDevices() {
        return routing.onlineDevices();
    }

    @Override
    public void revokeToken(String tokenId, long expiresAtMillis) {
        routing.revokeToken(tokenId, expiresAtMillis);
    }

    @Override
    public boolean tokenRevoked(String tokenId) {
        return routing.tokenRevoked(tokenId);
    }

    @Override
    public List<GateInfo> liveGates() {
        return routing.liveGates();
    }
}

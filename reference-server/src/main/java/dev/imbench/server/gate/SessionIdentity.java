package dev.imbench.server.gate;

import dev.imbench.server.route.Route;

/** What every {@link Session} kind holds: the gate and connection it names and, once authenticated, its route. */
public abstract class SessionIdentity implements Session {

    private final String gateId;
    private final long id;
    private volatile Route route;

    /** Connection {@code id} of gate {@code gateId}, authenticated as {@code route} (null if not). */
    protected SessionIdentity(String gateId, long id, Route route) {
        this.gateId = gateId;
        this.id = id;
        this.route = route;
    }

    @Override
    public final String gateId() {
        return gateId;
    }

    @Override
    public final long id() {
        return id;
    }

    @Override
    public final Route route() {
        return route;
    }

    @Override
    public void route(Route r) {
        this.route = r;
    }
}

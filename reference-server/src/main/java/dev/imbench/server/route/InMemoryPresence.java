package dev.imbench.server.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The embedded presence: uid → a small array of routes (one per device type), updated atomically per uid. */
public final class InMemoryPresence implements Presence {

    private static final Route[] NONE = new Route[0];

    private final ConcurrentHashMap<String, Route[]> routes = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    /** Revoked token digests → expiry (epoch ms); expired ones are swept every {@link #SWEEP_AT} revocations. */
    private final ConcurrentHashMap<String, Long> revoked = new ConcurrentHashMap<>();
    private static final int SWEEP_AT = 1024;

    @Override
    public Optional<Route> bind(Route route) {
        Route[] replaced = new Route[1];
        routes.compute(route.uid(), (uid, current) -> {
            Route[] cur = current == null ? NONE : current;
            for (int i = 0; i < cur.length; i++) {
                if (cur[i].deviceType() == route.deviceType()) {
                    replaced[0] = cur[i];
                    Route[] next = cur.clone();
                    next[i] = route;
                    return next;
                }
            }
            Route[] next = java.util.Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = route;
            return next;
        });
        if (replaced[0] == null) {
            count.incrementAndGet();
        }
        return Optional.ofNullable(replaced[0]);
    }

    @Override
    public boolean unbind(Route route) {
        boolean[] removed = new boolean[1];
        routes.computeIfPresent(route.uid(), (uid, cur) -> {
            List<Route> keep = new ArrayList<>(cur.length);
            for (Route r : cur) {
                if (r.sessionId() == route.sessionId() && r.gateId().equals(route.gateId())
                        && r.deviceType() == route.deviceType()) {
                    removed[0] = true;
                } else {
                    keep.add(r);
                }
            }
            return keep.isEmpty() ? null : keep.toArray(NONE);
        });
        if (removed[0]) {
            count.decrementAndGet();
        }
        return removed[0];
    }

    @Override
    public List<Route> routes(String uid) {
        Route[] cur = routes.get(uid);
        return cur == null ? List.of() : List.of(cur);
    }

    @Override
    public long onlineDevices() {
        return count.get();
    }

    @Override
    public void revokeToken(String tokenId, long expiresAtMillis) {
        long now = System.currentTimeMillis();
        if (revoked.size() >= SWEEP_AT && revoked.size() % SWEEP_AT == 0) {
            revoked.values().removeIf(expiry -> expiry <= now); // expired tokens are refused anyway
        }
        revoked.put(tokenId, expiresAtMillis);
    }

    @Override
    public boolean tokenRevoked(String tokenId) {
        Long expiry = revoked.get(tokenId);
        return expiry != null && expiry > System.currentTimeMillis();
    }
}

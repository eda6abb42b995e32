package dev.imbench.server.gate;

import dev.imbench.server.metrics.ServerMetrics;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** This gate's sessions by id (channel ↔ session); routes name a session by this id. */
public final class SessionTable {

    private final ConcurrentHashMap<Long, ChannelSession> sessions = new ConcurrentHashMap<>();
    /**
     * Ids start at this incarnation's start time (ms, times a million), not at 1: a gate started again
     * under the same gate id must never reuse an id a route left in Redis by its previous run still
     * names (a push or a kickout would reach another user's connection).
     */
    private final AtomicLong lastId = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
    private final String gateId;
    private final ServerMetrics metrics;
    private final OutboundLimits limits;

    /** An empty table of gate {@code gateId} whose connections are not bounded ({@link OutboundLimits#NONE}). */
    public SessionTable(String gateId, ServerMetrics metrics) {
        this(gateId, metrics, OutboundLimits.NONE);
    }

    /** An empty table of gate {@code gateId}; each connection bounded by {@code limits}. */
    public SessionTable(String gateId, ServerMetrics metrics, OutboundLimits limits) {
        this.gateId = gateId;
        this.metrics = metrics;
        this.limits = limits;
    }

    /** Creates, attaches and registers the session of a new channel. */
    ChannelSession open(Channel channel) {
        ChannelSession s = new ChannelSession(channel, lastId.incrementAndGet(), gateId, metrics, limits);
        channel.attr(ChannelSession.KEY).set(s);
        sessions.put(s.id(), s);
        return s;
    }

    /** Forgets a closed session. */
    void remove(ChannelSession s) {
        sessions.remove(s.id(), s);
    }

    /** The session with this id, or null if it closed. */
    public ChannelSession find(long sessionId) {
        return sessions.get(sessionId);
    }

    /** Open sessions. */
    public int size() {
        return sessions.size();
    }

    /** A snapshot of all sessions. */
    public List<ChannelSession> all() {
        return new ArrayList<>(sessions.values());
    }
}

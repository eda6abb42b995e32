package dev.imbench.server.route.redis;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.route.GateInfo;
import dev.imbench.server.route.Presence;
import dev.imbench.server.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZRangeParams;

/**
 * {@link Presence} in Redis. Key {@code <ns>route:<uid>:<DEVICE>} holds
 * {@code gateId␟sessionId␟connectedAt␟lastPacketAt} with a TTL; a sorted set {@code <ns>online}
 * scores each {@code uid␟DEVICE} with its expiry, so {@link #onlineDevices()} counts live routes only.
 *
 * <p>Every change is one Lua script, so bind (swap and return the replaced route), unbind (only if it
 * is still the same gate + session) and touch are atomic across gates and logic nodes. The TTL is
 * refreshed by {@link #touch} and, for every route bound or {@linkplain #hold held} through this
 * instance, by a gate heartbeat every {@code ttl / 3}, which also records the connection's last packet
 * time: when a gate process dies its users' routes expire within {@code ttl}. The heartbeat also
 * re-creates this gate's routes that Redis lost, so routing rebuilds from the live sessions.
 *
 * <p>Redis restarted without persistence, or unreachable for a while, is noticed promptly: a watch
 * every {@link #WATCH_PERIOD} reads Redis's {@code run_id}; when it changed, or when a call failed
 * since the last rebuild, the heartbeat runs at once. Until it got through, {@link #routes} refuses
 * to answer (throws), so no send is acked as "recipient offline" only because Redis forgot the route
 * of a connection that is live on a gate.
 */
public final class RedisPresence implements Presence, AutoCloseable {

    /** Default route TTL. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** Default key namespace. */
    public static final String DEFAULT_NAMESPACE = "imbench:";
    /** How often Redis is checked for a restart (or less, with a TTL under three times this). */
    public static final Duration WATCH_PERIOD = Duration.ofMillis(250);

    private static final String SEP = "\u001f";
    private static final DeviceType[] DEVICES = {DeviceType.DEVICE_UNKNOWN, DeviceType.IOS, DeviceType.ANDROID,
        DeviceType.WEB, DeviceType.PC};

    private static final String BIND = """
            local old = redis.call('GET', KEYS[1])
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
            return old""";
    private static final String UNBIND = """
            local v = redis.call('GET', KEYS[1])
            if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('ZREM', KEYS[2], ARGV[2])
              return 1
            end
            return 0""";
    private static final String TOUCH = """
            local v = redis.call('GET', KEYS[1])
            if not v or string.sub(v, 1, string.len(ARGV[1])) ~= ARGV[1] then return 0 end
            if ARGV[5] ~= '' then
              local rest = string.sub(v, string.len(ARGV[1]) + 1)
              local cut = string.find(rest, ARGV[6], 1, true)
              v = ARGV[1] .. string.sub(rest, 1, cut) .. ARGV[5]
            end
            redis.call('SET', KEYS[1], v, 'PX', ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
            return 1""";
    /**
     * The gate heartbeat of one route: re-creates it when missing (2), extends it (and writes the last
     * packet time ARGV[6] unless empty) when this gate + session still own it (1), else 0.
     */
    private static final String REFRESH = """
            local v = redis.call('GET', KEYS[1])
            if not v then
              redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[2])
              redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
              return 2
            end
            if string.sub(v, 1, string.len(ARGV[1])) ~= ARGV[1] then return 0 end
            if ARGV[6] ~= '' then
              local rest = string.sub(v, string.len(ARGV[1]) + 1)
              local cut = string.find(rest, ARGV[7], 1, true)
              redis.call('SET', KEYS[1], ARGV[1] .. string.sub(rest, 1, cut) .. ARGV[6], 'PX', ARGV[2])
            else
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
            return 1""";
    private static final String COUNT = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            return redis.call('ZCARD', KEYS[1])""";

    private final UnifiedJedis redis;
    private final String ns;
    private final long ttlMs;
    private final Clock clock;
    private final Map<String, Held> local = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat;
    private volatile GateInfo announced;
    private volatile boolean halted;
    /** Redis's run_id when last read (null before the first read). */
    private volatile String redisRunId;
    /** Counts calls that failed and restarts seen; {@link #settled} is its value a whole heartbeat got through after. */
    private final AtomicLong troubles = new AtomicLong();
    private volatile long settled;
    private final AtomicLong rebuilds = new AtomicLong();

    /**
     * @param redis     client (owned by the caller)
     * @param namespace key prefix, e.g. {@link #DEFAULT_NAMESPACE}
     * @param ttl       route lifetime without a heartbeat
     * @param clock     time source for expiry scores and packet times
     */
    public RedisPresence(UnifiedJedis redis, String namespace, Duration ttl, Clock clock) {
        if (ttl.toMillis() < 3) {
            throw new IllegalArgumentException("ttl too small: " + ttl);
        }
        this.redis = redis;
        this.ns = namespace;
        this.ttlMs = ttl.toMillis();
        this.clock = clock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("imbench-presence-heartbeat").factory());
        long period = Math.max(1, ttlMs / 3);
        heartbeat.scheduleAtFixedRate(this::refreshLocal, period, period, TimeUnit.MILLISECONDS);
        long watch = Math.min(WATCH_PERIOD.toMillis(), period);
        heartbeat.scheduleWithFixedDelay(this::watch, 0, watch, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the heartbeat at once when Redis restarted (its run_id changed) or a call failed since the
     * last heartbeat that got through.
     */
    private void watch() {
        String id;
        try {
            id = runId();
        } catch (RuntimeException e) {
            troubles.incrementAndGet(); // unreachable: rebuild once it answers again
            return;
        }
        String before = redisRunId;
        redisRunId = id;
        if (before != null && !before.equals(id)) {
            troubles.incrementAndGet();
        }
        if (rebuildNeeded()) {
            rebuilds.incrementAndGet();
            refreshLocal();
        }
    }

    private boolean rebuildNeeded() {
        return troubles.get() != settled;
    }

    private String runId() {
        String info = redis.info("server");
        int at = info.indexOf("run_id:");
        if (at < 0) {
            return "";
        }
        int end = info.indexOf('\n', at);
        return info.substring(at + "run_id:".length(), end < 0 ? info.length() : end).trim();
    }

    /** How often the routes were re-created at once because Redis restarted or had been unreachable. */
    public long rebuilds() {
        return rebuilds.get();
    }

    private String key(String uid, DeviceType t) {
        return ns + "route:" + uid + ":" + t.name();
    }

    private String online() {
        return ns + "online";
    }

    private static String member(String uid, DeviceType t) {
        return uid + SEP + t.name();
    }

    private static String owner(Route r) {
        return r.gateId() + SEP + r.sessionId() + SEP;
    }

    @Override
    public Optional<Route> bind(Route r) {
        long now = clock.millis();
        String value = owner(r) + r.connectedAt() + SEP + now;
        Object old = redis.eval(BIND, List.of(key(r.uid(), r.deviceType()), online()),
                List.of(value, Long.toString(ttlMs), member(r.uid(), r.deviceType()), Long.toString(now + ttlMs)));
        local.put(key(r.uid(), r.deviceType()), new Held(r, null));
        return Optional.ofNullable(old instanceof String s ? parse(r.uid(), r.deviceType(), s) : null);
    }

    @Override
    public boolean unbind(Route r) {
        // Forget it locally first, so the gate heartbeat cannot re-create it after the DEL.
        release(r);
        return unbindInRedis(r);
    }

    private boolean unbindInRedis(Route r) {
        Object n = redis.eval(UNBIND, List.of(key(r.uid(), r.deviceType()), online()),
                List.of(owner(r), member(r.uid(), r.deviceType())));
        return n instanceof Long l && l == 1;
    }

    /**
     * A heartbeat of {@code r}'s connection: records {@code lastPacketAt} and extends the TTL, if
     * {@code r} is still the current route of its (uid, device type). Returns whether it was.
     */
    public boolean touch(Route r, long lastPacketAt) {
        return touch(r, Long.toString(lastPacketAt));
    }

    private boolean touch(Route r, String lastPacket) {
        long now = clock.millis();
        Object n = redis.eval(TOUCH, List.of(key(r.uid(), r.deviceType()), online()),
                List.of(owner(r), Long.toString(ttlMs), member(r.uid(), r.deviceType()), Long.toString(now + ttlMs),
                        lastPacket, SEP));
        return n instanceof Long l && l == 1;
    }

    /** The last packet time recorded for {@code uid}'s device, or -1 if it has no route. */
    public long lastPacketAt(String uid, DeviceType t) {
        String v = redis.get(key(uid, t));
        return v == null ? -1 : Long.parseLong(v.substring(v.lastIndexOf(SEP) + 1));
    }

    @Override
    public void hold(Route r, LongSupplier lastPacketAt) {
        local.put(key(r.uid(), r.deviceType()), new Held(r, lastPacketAt));
    }

    @Override
    public void release(Route r) {
        String k = key(r.uid(), r.deviceType());
        local.computeIfPresent(k, (key, held) -> held.route().equals(r) ? null : held);
    }

    /** A route this instance keeps alive, and where its last packet time comes from (null: leave it). */
    private record Held(Route route, LongSupplier lastPacketAt) {
        String lastPacket() {
            return lastPacketAt == null ? "" : Long.toString(lastPacketAt.getAsLong());
        }
    }

    private String gates() {
        return ns + "gates";
    }

    @Override
    public void revokeToken(String tokenId, long expiresAtMillis) {
        if (expiresAtMillis > clock.millis()) {
            redis.set(ns + "revoked:" + tokenId, "1", SetParams.setParams().pxAt(expiresAtMillis));
        }
    }

    @Override
    public boolean tokenRevoked(String tokenId) {
        return redis.exists(ns + "revoked:" + tokenId);
    }

    @Override
    public void announceGate(GateInfo gate) {
        announced = gate;
        refreshGate();
    }

    private void refreshGate() {
        GateInfo g = announced;
        if (g != null) {
            redis.zadd(gates(), clock.millis() + ttlMs, g.encode());
        }
    }

    @Override
    public List<GateInfo> liveGates() {
        long now = clock.millis();
        redis.zremrangeByScore(gates(), Double.NEGATIVE_INFINITY, now);
        List<GateInfo> out = new ArrayList<>();
        for (String m : redis.zrange(gates(), ZRangeParams.zrangeByScoreParams(now, Double.POSITIVE_INFINITY))) {
            out.add(GateInfo.decode(m));
        }
        out.sort(Comparator.comparing(GateInfo::id));
        return out;
    }

    /**
     * The gate heartbeat: extends every route bound or held through this instance (writing the
     * connection's last packet time where it is known) and re-creates, with the online-set entry, the
     * ones Redis lost, e.g. after a Redis restart, so routing rebuilds from the live sessions within
     * {@code ttl / 3}. A route another gate or session took over is dropped here.
     */
    private void refreshLocal() {
        long seen = troubles.get(); // a call failing meanwhile leaves the rebuild pending for the next watch
        try {
            refreshGate();
            for (Map.Entry<String, Held> en : local.entrySet()) {
                refresh(en.getKey(), en.getValue());
            }
            settled = seen;
        } catch (RuntimeException e) {
            // Redis unreachable: routes expire unless a later heartbeat gets through; then they are re-created.
            troubles.incrementAndGet();
        }
    }

    private void refresh(String key, Held h) {
        Route r = h.route();
        long now = clock.millis();
        String lastPacket = h.lastPacket();
        Object n = redis.eval(REFRESH, List.of(key, online()), List.of(owner(r), Long.toString(ttlMs),
                member(r.uid(), r.deviceType()), Long.toString(now + ttlMs),
                owner(r) + r.connectedAt() + SEP + (lastPacket.isEmpty() ? Long.toString(now) : lastPacket),
                lastPacket, SEP));
        if (n instanceof Long l && l == 0) {
            local.remove(key, h);
        } else if (n instanceof Long l && l == 2 && local.get(key) != h) {
            unbindInRedis(r); // unbound (or replaced) while it was being re-created
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException while routes are being re-created after Redis restarted or was
     *                               unreachable (an empty answer then may be a route Redis forgot)
     */
    @Override
    public List<Route> routes(String uid) {
        if (rebuildNeeded()) {
            throw new IllegalStateException("routes are being re-created after Redis restarted or was unreachable");
        }
        String[] keys = new String[DEVICES.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(uid, DEVICES[i]);
        }
        List<String> values;
        try {
            values = redis.mget(keys);
        } catch (RuntimeException e) {
            troubles.incrementAndGet();
            throw e;
        }
        List<Route> out = new ArrayList<>(2);
        for (int i = 0; i < keys.length; i++) {
            if (values.get(i) != null) {
                out.add(parse(uid, DEVICES[i], values.get(i)));
            }
        }
        return out;
    }

    private static Route parse(String uid, DeviceType t, String v) {
        String[] p = v.split(SEP, -1);
        return new Route(uid, t, p[0], Long.parseLong(p[1]), Long.parseLong(p[2]));
    }

    @Override
    public long onlineDevices() {
        Object n = redis.eval(COUNT, List.of(online()), List.of(Long.toString(clock.millis())));
        return n instanceof Long l ? l : 0;
    }

    /**
     * Stops the gate heartbeat as a killed process does: routes and the announced gate are left in
     * Redis to expire within the TTL ({@link #close()} afterwards withdraws nothing).
     */
    public void halt() {
        halted = true;
        heartbeat.shutdownNow();
    }

    /**
     * Stops the gate heartbeat (routes then expire after the TTL) and withdraws the announced gate
     * from {@link #liveGates()}; the client stays open.
     */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        GateInfo g = announced;
        if (g != null && !halted) {
            try {
                redis.zrem(gates(), g.encode());
            } catch (RuntimeException e) {
                // Redis unreachable: the entry expires with the TTL.
            }
        }
    }
}

package dev.imbench.server.store.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.server.store.Group;
import dev.imbench.server.store.GroupStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The group cache of the design, shared by every logic node: a group (name, owner, announcement,
 * members) read through to the {@link GroupStore} of record and kept in Redis under
 * {@code <ns>group:<id>} for {@code ttl}. Every change (members added or removed, announcement, delete)
 * is written to the store first, then invalidates the entry, so a c2g on any node sees the members as
 * of the last committed change.
 *
 * <p>A reader that loaded a group before a change committed must not put the old copy back after the
 * invalidation: each group has a version key ({@code <ns>group:<id>:v}) raised by every invalidation,
 * and a loaded copy is stored only if the version is still the one read before loading (one Lua script).
 * If Redis fails, reads fall back to the store; a failed invalidation is reported to the caller (the
 * change itself is committed; the client's retry invalidates again).
 */
public final class RedisGroupCache implements GroupStore {

    /** Default entry lifetime without a change. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ABSENT = "-";
    private static final String PUT_IF_VERSION = """
            local v = redis.call('GET', KEYS[2]) or ''
            if v == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""";
    private static final String INVALIDATE = """
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('DEL', KEYS[1])
            return 1""";

    private final GroupStore store;
    private final UnifiedJedis redis;
    private final String ns;
    private final String ttlMs;
    private final String versionTtlMs;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param store     the store of record (MySQL)
     * @param redis     client (owned by the caller)
     * @param namespace key prefix
     * @param ttl       how long an entry lives without a change (bounds staleness if an invalidation is lost)
     */
    public RedisGroupCache(GroupStore store, UnifiedJedis redis, String namespace, Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("group cache ttl must be positive, got " + ttl);
        }
        this.store = store;
        this.redis = redis;
        this.ns = namespace;
        this.ttlMs = Long.toString(ttl.toMillis());
        this.versionTtlMs = Long.toString(ttl.toMillis() * 2);
    }

    private String key(long groupId) {
        return ns + "group:" + groupId;
    }

    private String versionKey(long groupId) {
        return ns + "group:" + groupId + ":v";
    }

    @Override
    public Optional<Group> find(long groupId) {
        String version;
        try {
            String cached = redis.get(key(groupId));
            if (ABSENT.equals(cached)) {
                hits.increment();
                return Optional.empty();
            }
            if (cached != null) {
                try {
                    Group g = JSON.readValue(cached, Group.class);
                    hits.increment();
                    return Optional.of(g);
                } catch (JsonProcessingException e) {
                    // an unreadable entry is a miss: reloaded and overwritten below
                }
            }
            version = redis.get(versionKey(groupId));
        } catch (JedisException e) {
            return store.find(groupId); // Redis unreachable: read through, cache nothing
        }
        misses.increment();
        Optional<Group> g = store.find(groupId); // a store failure reaches the caller
        try {
            redis.eval(PUT_IF_VERSION, List.of(key(groupId), versionKey(groupId)),
                    List.of(version == null ? "" : version, encode(g), ttlMs));
        } catch (JedisException e) {
            // not cached this time
        }
        return g;
    }

    @Override
    public List<String> members(long groupId) {
        return find(groupId).map(Group::members).orElse(List.of());
    }

    @Override
    public boolean isMember(long groupId, String uid) {
        return members(groupId).contains(uid);
    }

    @Override
    public long create(String owner, String name, long now) {
        long id = store.create(owner, name, now);
        invalidate(id); // an earlier "absent" entry for this id must not survive
        return id;
    }

    @Override
    public List<String> addMembers(long groupId, Collection<String> uids) {
        List<String> added = store.addMembers(groupId, uids);
        invalidate(groupId);
        return added;
    }

    @Override
    public boolean removeMember(long groupId, String uid) {
        boolean removed = store.removeMember(groupId, uid);
        invalidate(groupId);
        return removed;
    }

    @Override
    public Optional<Group> delete(long groupId) {
        Optional<Group> last = store.delete(groupId);
        invalidate(groupId);
        return last;
    }

    @Override
    public boolean setAnnouncement(long groupId, String announcement) {
        boolean set = store.setAnnouncement(groupId, announcement);
        invalidate(groupId);
        return set;
    }

    @Override
    public List<Long> groupsOf(String uid) {
        return store.groupsOf(uid);
    }

    private void invalidate(long groupId) {
        redis.eval(INVALIDATE, List.of(key(groupId), versionKey(groupId)), List.of(versionTtlMs));
    }

    /** Reads answered from Redis. */
    public long hits() {
        return hits.sum();
    }

    /** Reads that went to the store. */
    public long misses() {
        return misses.sum();
    }

    private static String encode(Optional<Group> g) {
        if (g.isEmpty()) {
            return ABSENT;
        }
        try {
            return JSON.writeValueAsString(g.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode group " + g.get().id(), e);
        }
    }
}

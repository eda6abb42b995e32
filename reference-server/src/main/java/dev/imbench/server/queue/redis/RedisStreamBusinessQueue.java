package dev.imbench.server.queue.redis;

import dev.imbench.server.queue.BusinessMessage;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.server.queue.QueueBounds;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@link BusinessQueue} on Redis Streams: stream {@code <ns>c2s:<business>}, consumer group
 * {@code group} (created at id 0 with MKSTREAM, so nothing published before it exists is missed).
 *
 * <p>At-least-once: {@link #read} hands out entries that stay pending until {@link #ack}; a consumer
 * that died before acking gets its pending entries again on its next {@link #read} (same consumer
 * name). {@link #poll} is read + ack in one call (the {@link BusinessQueue} contract). Acked entries
 * are deleted, so the stream holds only undelivered and pending entries and {@link #depth} is
 * {@code XLEN − pending}. One consumer group per business line is assumed.
 */
public final class RedisStreamBusinessQueue implements BusinessQueue {

    /** Default consumer group. */
    public static final String DEFAULT_GROUP = "business";
    /** Default bound of each business line (entries waiting or pending). */
    public static final long DEFAULT_CAPACITY = QueueBounds.DEFAULTS.capacity();

    private final UnifiedJedis redis;
    private final String ns;
    private final String group;
    private final String consumer;
    private final QueueBounds bounds;
    private final Set<String> groupsReady = ConcurrentHashMap.newKeySet();

    /**
     * @param redis    client (owned by the caller)
     * @param ns       key prefix, e.g. {@code "imbench:"}
     * @param group    consumer group name
     * @param consumer this consumer's name within the group (stable across restarts to re-read its pending entries)
     * @param capacity entries per line above which {@link #publish} refuses
     */
    public RedisStreamBusinessQueue(UnifiedJedis redis, String ns, String group, String consumer, long capacity) {
        this(redis, ns, group, consumer, new QueueBounds(capacity, QueueBounds.DEFAULTS.maxLineBytes(),
                QueueBounds.DEFAULTS.maxTotalBytes()));
    }

    /**
     * A queue within {@code bounds}; the byte counts live in Redis ({@code <ns>c2s-bytes:<business>} and
     * {@code <ns>c2s-bytes}), so every process publishing to and consuming from the lines shares them.
     */
    public RedisStreamBusinessQueue(UnifiedJedis redis, String ns, String group, String consumer, QueueBounds bounds) {
        this.redis = redis;
        this.ns = ns;
        this.group = group;
        this.consumer = consumer;
        this.bounds = bounds;
    }

    /** Checks count and bytes, appends and counts the bytes in one atomic step. */
    private static final String PUBLISH = """
            local cost = tonumber(ARGV[1])
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
            local line = tonumber(redis.call('GET', KEYS[2]) or '0')
            local total = tonumber(redis.call('GET', KEYS[3]) or '0')
            if line + cost > tonumber(ARGV[3]) or total + cost > tonumber(ARGV[4]) then return 0 end
            redis.call('XADD', KEYS[1], '*', 'from', ARGV[5], 'payload', ARGV[6], 'clientMsgId', ARGV[7],
                       'receivedAt', ARGV[8])
            redis.call('INCRBY', KEYS[2], cost)
            redis.call('INCRBY', KEYS[3], cost)
            return 1
            """;

    private String lineBytes(String business) {
        return ns + "c2s-bytes:" + business;
    }

    private String totalBytes() {
        return ns + "c2s-bytes";
    }

    private String stream(String business) {
        return ns + "c2s:" + business;
    }

    /**
     * Runs {@code op} on {@code stream}'s consumer group, re-creating the group once if Redis lost it (a
     * restart without persistence, where the cached "group exists" no longer holds).
     */
    private <T> T withGroup(String stream, Supplier<T> op) {
        ensureGroup(stream);
        try {
            return op.get();
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
                throw e;
            }
            groupsReady.remove(stream);
            ensureGroup(stream);
            return op.get();
        }
    }

    private void ensureGroup(String stream) {
        if (groupsReady.contains(stream)) {
            return;
        }
        try {
            redis.xgroupCreate(stream, group, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
        groupsReady.add(stream);
    }

    @Override
    public boolean publish(BusinessMessage m) {
        String stream = stream(m.business());
        ensureGroup(stream);
        Object added = redis.eval(PUBLISH, List.of(stream, lineBytes(m.business()), totalBytes()),
                List.of(Long.toString(QueueBounds.cost(m)), Long.toString(bounds.capacity()),
                        Long.toString(bounds.maxLineBytes()), Long.toString(bounds.maxTotalBytes()), m.from(),
                        Base64.getEncoder().encodeToString(m.payload()), Long.toString(m.clientMsgId()),
                        Long.toString(m.receivedAt())));
        return added instanceof Long n && n == 1;
    }

    /** Up to {@code max} entries for this consumer: its own pending ones first, then new ones. */
    public List<StreamDelivery> read(String business, int max) {
        String stream = stream(business);
        return withGroup(stream, () -> {
            List<StreamDelivery> out = new ArrayList<>();
            readInto(business, stream, new StreamEntryID(0, 0), max, out);
            if (out.size() < max) {
                readInto(business, stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY, max - out.size(), out);
            }
            return out;
        });
    }

    private void readInto(String business, String stream, StreamEntryID from, int max, List<StreamDelivery> out) {
        var res = redis.xreadGroup(group, consumer, XReadGroupParams.xReadGroupParams().count(max),
                Map.of(stream, from));
        if (res == null) {
            return;
        }
        for (var perStream : res) {
            for (StreamEntry e : perStream.getValue()) {
                Map<String, String> f = e.getFields();
                if (f == null) {
                    continue; // deleted while pending
                }
                long deliveries = e.getDeliveredCount() == null ? 1 : e.getDeliveredCount();
                out.add(new StreamDelivery(e.getID().toString(), new BusinessMessage(business, f.get("from"),
                        Base64.getDecoder().decode(f.get("payload")), Long.parseLong(f.get("clientMsgId")),
                        Long.parseLong(f.get("receivedAt"))), deliveries));
            }
        }
    }

    /** Acknowledges (and deletes) delivered entries; returns how many were pending. */
    public long ack(String business, List<StreamDelivery> done) {
        if (done.isEmpty()) {
            return 0;
        }
        StreamEntryID[] ids = done.stream().map(d -> new StreamEntryID(d.entryId())).toArray(StreamEntryID[]::new);
        long acked = redis.xack(stream(business), group, ids);
        long deleted = redis.xdel(stream(business), ids);
        if (deleted > 0) {
            long freed = done.stream().limit(deleted).mapToLong(d -> QueueBounds.cost(d.message())).sum();
            redis.decrBy(lineBytes(business), freed);
            redis.decrBy(totalBytes(), freed);
        }
        return acked;
    }

    @Override
    public List<BusinessMessage> poll(String business, int max) {
        List<StreamDelivery> got = read(business, max);
        ack(business, got);
        return got.stream().map(StreamDelivery::message).toList();
    }

    @Override
    public int depth(String business) {
        String stream = stream(business);
        long pending = withGroup(stream, () -> redis.xpending(stream, group).getTotal());
        return (int) Math.max(0, redis.xlen(stream) - pending);
    }
}

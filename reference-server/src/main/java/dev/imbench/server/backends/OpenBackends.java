package dev.imbench.server.backends;

import dev.imbench.server.ServerBackends;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.push.RecordingPushNotifier;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.server.queue.InMemoryBusinessQueue;
import dev.imbench.server.queue.redis.RedisStreamBusinessQueue;
import dev.imbench.server.route.InMemoryPresence;
import dev.imbench.server.route.Presence;
import dev.imbench.server.route.redis.RedisPresence;
import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.GroupTimelineStore;
import dev.imbench.server.store.InMemoryGroupStore;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.mysql.MysqlGroupStore;
import dev.imbench.server.store.mysql.MysqlMessageStore;
import dev.imbench.server.store.mysql.MysqlShards;
import dev.imbench.server.store.redis.RedisGroupCache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * The back ends opened from a {@link BackendConfig}, with the pools and clients they hold. Pass
 * {@link #backends()} to {@code ImServer.start(config, backends, clock)} and close this after the
 * server. With MySQL storage and Redis routing, groups are read through a {@link RedisGroupCache}
 * shared by every logic node. Read diffusion ({@code fanoutMode: READ}) needs the timelines on the message store's
 * msgid sequence: on MySQL the store is then opened with one sequence for inbox and timeline rows
 * ({@link MysqlMessageStore#forReadFanout}).
 *
 * @param backends  the set for the server
 * @param resources what {@link #close()} releases, in order
 */
public record OpenBackends(ServerBackends backends, List<AutoCloseable> resources) implements AutoCloseable {

    /** Copies the list. */
    public OpenBackends {
        resources = List.copyOf(resources);
    }

    /**
     * Opens what {@code c} selects: MySQL pools (databases created and migrated), a Redis client.
     *
     * @param gateId the gate id used as this node's Redis stream consumer name
     * @throws IllegalStateException if a selected service cannot be reached
     */
    public static OpenBackends open(BackendConfig c, String gateId, Clock clock) {
        return open(c, FanoutMode.WRITE, gateId, clock);
    }

    /**
     * Opens what {@code c} selects for a server diffusing group messages by {@code fanout}: with
     * {@link FanoutMode#READ} on MySQL, the store numbers inbox and timeline rows from one sequence.
     *
     * @param gateId the gate id used as this node's Redis stream consumer name
     * @throws IllegalStateException if a selected service cannot be reached
     */
    public static OpenBackends open(BackendConfig c, FanoutMode fanout, String gateId, Clock clock) {
        List<AutoCloseable> res = new ArrayList<>();
        try {
            InMemoryMessageStore memory = new InMemoryMessageStore();
            MessageStore messages = memory;
            GroupTimelineStore timelines = memory;
            GroupStore groups = new InMemoryGroupStore();
            if (c.storage() == StorageKind.MYSQL) {
                MysqlShards shards = MysqlShards.open(c.mysqlUrls(), c.mysqlUser(), c.mysqlPassword(),
                        c.mysqlPoolSize());
                res.add(shards);
                MysqlMessageStore store = fanout == FanoutMode.READ
                        ? MysqlMessageStore.forReadFanout(shards, c.groupCommit())
                        : new MysqlMessageStore(shards, c.groupCommit());
                res.add(0, store);
                messages = store;
                if (fanout == FanoutMode.READ) {
                    timelines = store.timelines();
                }
                groups = new MysqlGroupStore(shards);
            }
            Presence presence = new InMemoryPresence();
            BusinessQueue queue = new InMemoryBusinessQueue(c.c2sBounds());
            if (c.routing() == RoutingKind.REDIS) {
                RedisClient redis = RedisClient.create(c.redisUrl());
                res.add(redis);
                redis.ping();
                RedisPresence rp = new RedisPresence(redis, c.redisNamespace(), c.presenceTtl(), clock);
                res.add(0, rp);
                presence = rp;
                if (c.storage() == StorageKind.MYSQL) {
                    groups = new RedisGroupCache(groups, redis, c.redisNamespace(), RedisGroupCache.DEFAULT_TTL);
                }
                queue = new RedisStreamBusinessQueue(redis, c.redisNamespace(), RedisStreamBusinessQueue.DEFAULT_GROUP,
                        gateId, c.c2sBounds());
            }
            return new OpenBackends(
                    new ServerBackends(messages, groups, presence, new RecordingPushNotifier(), queue, timelines), res);
        } catch (RuntimeException e) {
            closeAll(res);
            throw new IllegalStateException("cannot open back ends (storage " + c.storage() + ", routing " + c.routing() + "): " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<AutoCloseable> res) {
        for (AutoCloseable r : res) {
            try {
                r.close();
            } catch (Exception ignored) {
                // best effort: the others still get closed
            }
        }
    }

    /** Releases pools, clients and heartbeat threads. */
    @Override
    public void close() {
        closeAll(resources);
    }
}

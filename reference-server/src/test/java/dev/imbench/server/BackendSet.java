package dev.imbench.server;

import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.cluster.ServerNode;
import dev.imbench.server.store.mysql.MysqlShards;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The back-end sets the behaviour suites run on, unchanged: the embedded ones, and sharded MariaDB/MySQL
 * with Redis routing (own test schemas, emptied per test, and a unique Redis namespace, deleted after).
 * The live set is skipped with a reason when a service is unreachable, and fails when {@code CI=true}.
 */
enum BackendSet {

    /** In-memory store, groups, presence and queues. */
    MEMORY {
        @Override
        ServerNode start(ServerConfig config) {
            OpenBackends backends = new OpenBackends(Backends.inMemory(), List.of());
            return new ServerNode(ImServer.start(config, backends.backends(), Clock.systemUTC()), backends);
        }
    },

    /** Two MySQL shards (messages and groups, Redis group cache) and Redis (routes, gates, c2s streams). */
    MYSQL_REDIS {
        @Override
        ServerNode start(ServerConfig config) {
            LiveServices.requireMysql();
            LiveServices.requireRedis();
            RedisTestKeys redis = new RedisTestKeys();
            OpenBackends opened;
            try {
                opened = OpenBackends.open(BackendConfig.fromMap(Map.of("storage", "mysql", "routing", "redis",
                        "shards", 2,
                        "mysqlUrls", String.join(",", MysqlShards.urls(LiveServices.mysqlTestPrefix("imbench_suite_shard_"), 2)),
                        "redisUrl", "redis://" + LiveServices.REDIS_HOST + ":" + LiveServices.REDIS_PORT,
                        "redisNamespace", redis.namespace())), config.gateId(), Clock.systemUTC());
            } catch (RuntimeException e) {
                redis.close();
                throw e;
            }
            opened.resources().stream().filter(MysqlShards.class::isInstance).map(MysqlShards.class::cast)
                    .forEach(MysqlShards::truncateAll);
            List<AutoCloseable> resources = new ArrayList<>(opened.resources());
            resources.add(redis); // the namespace goes last, after the heartbeat stopped writing to it
            OpenBackends backends = new OpenBackends(opened.backends(), resources);
            try {
                return new ServerNode(ImServer.start(config, backends.backends(), Clock.systemUTC()), backends);
            } catch (RuntimeException e) {
                backends.close();
                throw e;
            }
        }
    };

    /** Starts a server with {@code config} on this set; closing the node stops it and releases the set. */
    abstract ServerNode start(ServerConfig config);
}

package dev.imbench.server.backends;

import dev.imbench.server.queue.QueueBounds;
import dev.imbench.server.store.mysql.GroupCommitSettings;
import dev.imbench.server.store.mysql.MysqlShards;
import java.net.URI;
import dev.imbench.server.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Back-end selection, read from the same map as {@code ServerConfig} (a scenario's {@code server:}
 * section). Keys and defaults:
 * <pre>
 * storage:        memory | mysql            (memory)
 * routing:        memory | redis            (memory; redis also moves the c2s business queues to Streams)
 * shards:         4                          (used when mysqlUrls is absent: imbench_shard_0..N-1 on 127.0.0.1:3306)
 * mysqlUrls:      [jdbc:mysql://h:3306/db0, …] or one comma-separated string (one URL per shard)
 * mysqlUser:      root
 * mysqlPassword:  ""
 * mysqlPoolSize:  8                          (connections per shard)
 * mysqlBatchMaxRows:  1000                   (group commit: rows at most in one shard transaction)
 * mysqlBatchMaxWait:  0ms                    (group commit: extra wait for more calls after the first; ms or "2ms")
 * mysqlQueueCapacity: 20000                  (group commit: calls queued per shard; beyond it a call fails at once)
 * mysqlCommitters:    1                      (group commit: transactions in flight per shard)
 * redisUrl:       redis://127.0.0.1:6379
 * redisNamespace: "imbench:"                 (key prefix)
 * presenceTtl:    30s                        (route lifetime without heartbeat; a duration with its unit)
 * c2sLineMaxBytes:  16777216                 (c2s reports held per business line, bytes; beyond: ERR_OVERLOADED)
 * c2sTotalMaxBytes: 67108864                 (c2s reports held over every line, bytes)
 * </pre>
 * {@link #serverKeys(Map)} gives the map without these keys, for {@code ServerConfig.fromMap}.
 *
 * @param storage       message/group store
 * @param routing       presence and business queues
 * @param mysqlUrls     one JDBC URL per shard
 * @param mysqlUser     MySQL user
 * @param mysqlPassword MySQL password
 * @param mysqlPoolSize connections per shard
 * @param groupCommit   how the MySQL store batches concurrent writes per shard
 * @param redisUrl      Redis URI
 * @param redisNamespace key prefix
 * @param presenceTtl   route TTL
 * @param c2sBounds     what the c2s business queues may hold
 */
public record BackendConfig(StorageKind storage, RoutingKind routing, List<String> mysqlUrls, String mysqlUser,
                            String mysqlPassword, int mysqlPoolSize, GroupCommitSettings groupCommit, URI redisUrl,
                            String redisNamespace, Duration presenceTtl, QueueBounds c2sBounds) {

    /** Default shard count. */
    public static final int DEFAULT_SHARDS = 4;
    /** Default Redis URI. */
    public static final URI DEFAULT_REDIS_URL = URI.create("redis://127.0.0.1:6379");
    /** The keys this record reads. */
    public static final Set<String> KEYS = Set.of("storage", "routing", "shards", "mysqlUrls", "mysqlUser",
            "mysqlPassword", "mysqlPoolSize", "mysqlBatchMaxRows", "mysqlBatchMaxWait", "mysqlQueueCapacity",
            "mysqlCommitters", "redisUrl", "redisNamespace", "presenceTtl", "c2sLineMaxBytes", "c2sTotalMaxBytes");

    /** Validates. */
    public BackendConfig {
        mysqlUrls = List.copyOf(mysqlUrls);
        if (mysqlUrls.isEmpty()) {
            throw new IllegalArgumentException("mysqlUrls needs at least one URL");
        }
        if (mysqlPoolSize < 1) {
            throw new IllegalArgumentException("mysqlPoolSize must be >= 1, got " + mysqlPoolSize);
        }
        if (presenceTtl.toMillis() < 100) {
            throw new IllegalArgumentException("presenceTtl must be >= 100ms, got " + presenceTtl);
        }
    }

    /** Everything in memory (the server's default). */
    public static BackendConfig defaults() {
        return fromMap(Map.of());
    }

    /** MySQL on the default 4 local shards and Redis on the default local port. */
    public static BackendConfig mysqlRedis() {
        return fromMap(Map.of("storage", "mysql", "routing", "redis"));
    }

    /** Reads the back-end keys of {@code m}, ignoring the others. */
    public static BackendConfig fromMap(Map<String, ?> m) {
        try {
            StorageKind storage = StorageKind.valueOf(str(m, "storage", "memory").toUpperCase(Locale.ROOT));
            RoutingKind routing = RoutingKind.valueOf(str(m, "routing", "memory").toUpperCase(Locale.ROOT));
            int shards = Integer.parseInt(str(m, "shards", Integer.toString(DEFAULT_SHARDS)));
            List<String> urls = urls(m.get("mysqlUrls"));
            if (urls.isEmpty()) {
                urls = MysqlShards.urls("jdbc:mysql://127.0.0.1:3306/imbench_shard_", shards);
            } else if (m.containsKey("shards") && urls.size() != shards) {
                throw new IllegalArgumentException("shards = " + shards + " but " + urls.size() + " mysqlUrls");
            }
            return new BackendConfig(storage, routing, urls, str(m, "mysqlUser", "root"), str(m, "mysqlPassword", ""),
                    Integer.parseInt(str(m, "mysqlPoolSize", Integer.toString(MysqlShards.DEFAULT_POOL_SIZE))),
                    groupCommit(m),
                    URI.create(str(m, "redisUrl", DEFAULT_REDIS_URL.toString())),
                    str(m, "redisNamespace", "imbench:"), duration(m, "presenceTtl", Duration.ofSeconds(30)),
                    new QueueBounds(QueueBounds.DEFAULTS.capacity(),
                            Long.parseLong(str(m, "c2sLineMaxBytes", Long.toString(QueueBounds.DEFAULTS.maxLineBytes()))),
                            Long.parseLong(str(m, "c2sTotalMaxBytes", Long.toString(QueueBounds.DEFAULTS.maxTotalBytes())))));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad back-end setting: " + e.getMessage(), e);
        }
    }

    /** {@code m} without the back-end keys (what {@code ServerConfig.fromMap} accepts). */
    public static Map<String, Object> serverKeys(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.keySet().removeAll(KEYS);
        return out;
    }

    private static String str(Map<String, ?> m, String key, String dflt) {
        Object v = m.get(key);
        return v == null ? dflt : v.toString().trim();
    }

    private static List<String> urls(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            list.forEach(o -> out.add(o.toString().trim()));
        } else if (v != null) {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static GroupCommitSettings groupCommit(Map<String, ?> m) {
        GroupCommitSettings d = GroupCommitSettings.DEFAULTS;
        return new GroupCommitSettings(
                Integer.parseInt(str(m, "mysqlBatchMaxRows", Integer.toString(d.maxBatchRows()))),
                duration(m, "mysqlBatchMaxWait", d.maxWait()),
                Integer.parseInt(str(m, "mysqlQueueCapacity", Integer.toString(d.queueCapacity()))),
                Integer.parseInt(str(m, "mysqlCommitters", Integer.toString(d.committersPerShard()))));
    }

    private static Duration duration(Map<String, ?> m, String key, Duration dflt) {
        Object v = m.get(key);
        try {
            return v == null ? dflt : DurationText.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}

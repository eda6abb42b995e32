package dev.imbench.serverfault;

import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.store.mysql.MysqlShards;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded proxies the runner places between the server and its back ends when a scenario's
 * faults touch them: one in front of MariaDB (every shard database goes through it) and one in front
 * of Redis. {@link #settings} gives the back-end keys that make every node dial them.
 */
public final class BackendPaths implements AutoCloseable {

    /** The MariaDB the runner's shards live on. */
    public static final HostPort MYSQL = new HostPort("127.0.0.1", 3306);
    /** The shard databases' name prefix (as {@link BackendConfig} defaults to). */
    static final String SHARD_PREFIX = "imbench_shard_";

    private final EventLoopGroup group;
    private final FaultedPath mysql;
    private final FaultedPath redis;

    private BackendPaths(EventLoopGroup group, FaultedPath mysql, FaultedPath redis) {
        this.group = group;
        this.mysql = mysql;
        this.redis = redis;
    }

    /**
     * Starts the proxies asked for.
     *
     * @param mysql    a path to {@link #MYSQL}
     * @param redisUrl a path to this Redis (null: none)
     * @param seed     the run's seed (the proxies' toxics draw from streams of it)
     */
    public static BackendPaths start(boolean mysql, URI redisUrl, long seed) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("imbench-backend-path", true),
                NioIoHandler.newFactory());
        FaultedPath m = null;
        try {
            m = mysql ? FaultedPath.start("mysql", group, MYSQL, seed ^ 0x6d7973716cL) : null;
            FaultedPath r = redisUrl == null ? null : FaultedPath.start("redis", group,
                    new HostPort(redisUrl.getHost(), redisUrl.getPort() < 0 ? 6379 : redisUrl.getPort()), seed ^ 0x7265646973L);
            return new BackendPaths(group, m, r);
        } catch (RuntimeException e) {
            if (m != null) {
                m.close();
            }
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The path to MariaDB, if placed. */
    public Optional<FaultedPath> mysql() {
        return Optional.ofNullable(mysql);
    }

    /** The path to Redis, if placed. */
    public Optional<FaultedPath> redis() {
        return Optional.ofNullable(redis);
    }

    /**
     * The back-end keys that route a node through these paths: {@code mysqlUrls} (one per shard, same
     * database names as without the proxy) and {@code redisUrl}.
     */
    public Map<String, Object> settings(int shards) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (mysql != null) {
            m.put("mysqlUrls", String.join(",", MysqlShards.urls("jdbc:mysql://" + mysql.listen().host() + ":"
                    + mysql.listen().port() + "/" + SHARD_PREFIX, shards)));
        }
        if (redis != null) {
            m.put("redisUrl", "redis://" + redis.listen().host() + ":" + redis.listen().port());
        }
        return m;
    }

    /** One line for the event log. */
    public String describe() {
        StringBuilder b = new StringBuilder("back-end proxies:");
        if (mysql != null) {
            b.append(" ").append(mysql);
        }
        if (redis != null) {
            b.append(" ").append(redis);
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (mysql != null) {
            mysql.close();
        }
        if (redis != null) {
            redis.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

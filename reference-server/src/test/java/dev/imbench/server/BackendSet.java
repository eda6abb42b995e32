package dev.imbench.server;

import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.store.mysql.MysqlShards;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The back-end sets the behaviour suites run on ({@link EachBackendSet}). A test starts its server with
 * {@link #start(ServerConfig)} instead of {@code ImServer.start(config)}; everything else stays the same.
 * The server and the back ends it was started on are closed after each test by {@link CloseAfterEach}
 * (server first), whether or not the test closed the server itself.
 */
enum BackendSet {

    /** Everything embedded: the server's default. */
    MEMORY,

    /**
     * {@code storage: mysql} (2 shards in the schemas {@code imbench_suite_shard_0/1}, emptied per test) and
     * {@code routing: redis} (a unique key namespace per test, deleted afterwards). Skipped with the reason
     * when MariaDB or Redis is not reachable, failing under {@code CI=true} ({@link LiveServices}).
     */
    MYSQL_REDIS;

    /** Shards of the suite schemas. */
    static final int SHARDS = 2;
    /** Logic threads when the back ends block: enough for the suites' few clients (servers default to 256). */
    static final int LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS = 8;

    private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

    /** Starts a server with {@code config} on this back-end set. */
    ImServer start(ServerConfig config) {
        return start(config, UnaryOperator.identity());
    }

    /** Starts a server on this back-end set after {@code adjust} replaced some of its back ends. */
    ImServer start(ServerConfig config, UnaryOperator<ServerBackends> adjust) {
        if (this == MEMORY) {
            return closeAfterTest(ImServer.start(config, adjust.apply(ServerBackends.inMemory()), Clock.systemUTC()));
        }
        LiveServices.requireMysql();
        RedisTestKeys redis = closeAfterTest(new RedisTestKeys());
        String urls = String.join(",", MysqlShards.urls(LiveServices.mysqlTestPrefix("imbench_suite_shard_"), SHARDS));
        Map<String, Object> section = Map.of("storage", "mysql", "routing", "redis", "shards", SHARDS,
                "mysqlUrls", urls, "redisUrl", "redis://" + LiveServices.REDIS_HOST + ":" + LiveServices.REDIS_PORT,
                "redisNamespace", redis.namespace());
        OpenBackends backends = closeAfterTest(OpenBackends.open(BackendConfig.fromMap(section), config.fanoutMode(),
                config.gateId(), Clock.systemUTC()));
        backends.resources().stream().filter(MysqlShards.class::isInstance).map(MysqlShards.class::cast)
                .forEach(MysqlShards::truncateAll);
        ServerConfig blocking = config.logicThreads() > 0 ? config
                : config.toBuilder().logicThreads(LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS).build();
        return closeAfterTest(ImServer.start(blocking, adjust.apply(backends.backends()), Clock.systemUTC()));
    }

    /** Registers {@code resource} to be closed by {@link CloseAfterEach} (newest first); returns it. */
    static <T extends AutoCloseable> T closeAfterTest(T resource) {
        synchronized (OPEN) {
            OPEN.push(resource);
        }
        return resource;
    }

    /** Closes what {@link #start} opened during the test, newest first (server, back ends, Redis keys). */
    static final class CloseAfterEach implements AfterEachCallback {

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            Exception first = null;
            while (true) {
                AutoCloseable r;
                synchronized (OPEN) {
                    r = OPEN.poll();
                }
                if (r == null) {
                    break;
                }
                try {
                    r.close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}

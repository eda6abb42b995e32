package dev.imbench.server.backends;

import java.io.IOException;
import java.nio.file.Files;

/**
 * A private {@code redis-server} for tests that stop and restart Redis (never the shared one): a
 * {@link RedisProcess}, skipped with the reason when the binary is missing, failing under
 * {@code CI=true}. Close it in {@code @AfterEach}.
 */
public final class PrivateRedis implements AutoCloseable {

    private final RedisProcess redis;

    private PrivateRedis(RedisProcess redis) {
        this.redis = redis;
    }

    /** Starts one on a free port and waits until it accepts connections. */
    public static PrivateRedis start() throws IOException, InterruptedException {
        LiveServices.require(Files.isExecutable(RedisProcess.binary()) ? null : "no redis-server at " + RedisProcess.binary());
        return new PrivateRedis(RedisProcess.start());
    }

    /** Its URI. */
    public String url() {
        return redis.url();
    }

    /** Kills the server (SIGKILL: no shutdown, no save) and waits until it is gone. */
    public void kill() {
        redis.kill();
    }

    /** Starts it (again) on the same port, empty, and waits until it accepts connections. */
    public void restart() throws IOException, InterruptedException {
        redis.restart();
    }

    /** Kills the server. */
    @Override
    public void close() {
        redis.close();
    }
}

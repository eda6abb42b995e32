package dev.imbench.server.backends;

import java.util.Set;
import java.util.UUID;
import redis.clients.jedis.RedisClient;

/** A Redis client on the local test server and a unique key namespace per test, deleted afterwards. */
public final class RedisTestKeys implements AutoCloseable {

    private final RedisClient client;
    private final String namespace = "imbench-test:" + UUID.randomUUID() + ":";

    /** Skips (or fails under CI) when Redis is not reachable. */
    public RedisTestKeys() {
        LiveServices.requireRedis();
        client = RedisClient.create(LiveServices.REDIS_HOST, LiveServices.REDIS_PORT);
    }

    /** The client. */
    public RedisClient client() {
        return client;
    }

    /** The namespace (key prefix) of this test. */
    public String namespace() {
        return namespace;
    }

    /** Deletes this test's keys and closes the client. */
    @Override
    public void close() {
        Set<String> keys = client.keys(namespace + "*");
        if (!keys.isEmpty()) {
            client.del(keys.toArray(String[]::new));
        }
        client.close();
    }
}

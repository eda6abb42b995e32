package dev.imbench.server.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.store.Group;
import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.GroupStoreContract;
import dev.imbench.server.store.InMemoryGroupStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The group-store contract, unchanged, through the Redis group cache; then what the cache adds. */
class RedisGroupCacheTest extends GroupStoreContract {

    private RedisTestKeys redis;

    /** Runs before the contract's own set-up (which calls {@link #newStore()}), or from it, whichever is first. */
    @BeforeEach
    void redis() {
        if (redis == null) {
            LiveServices.requireRedis();
            redis = new RedisTestKeys();
        }
    }

    @AfterEach
    void cleanUp() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    @Override
    protected GroupStore newStore() {
        redis();
        return new RedisGroupCache(new InMemoryGroupStore(), redis.client(), redis.namespace(), Duration.ofMinutes(1));
    }

    private RedisGroupCache cacheOver(GroupStore store) {
        return new RedisGroupCache(store, redis.client(), redis.namespace(), Duration.ofMinutes(1));
    }

    @Test
    void shouldAnswerRepeatedReadsFromRedis() {
        RedisGroupCache cache = cacheOver(new InMemoryGroupStore());
        long g = cache.create("alice", "g", 1);
        cache.members(g);
        cache.members(g);
        assertTrue(cache.isMember(g, "alice"));
        assertEquals(1, cache.misses());
        assertEquals(2, cache.hits());
    }

    @Test
    void shouldShowAChangeMadeOnAnotherLogicNode() {
        InMemoryGroupStore store = new InMemoryGroupStore();
        RedisGroupCache node1 = cacheOver(store);
        RedisGroupCache node2 = cacheOver(store);
        long g = node1.create("alice", "g", 1);
        assertEquals(List.of("alice"), node2.members(g)); // cached now
        node1.addMembers(g, List.of("bob"));
        assertEquals(List.of("alice", "bob"), node2.members(g));
        node1.removeMember(g, "alice");
        assertEquals(List.of("bob"), node2.members(g));
        node1.delete(g);
        assertTrue(node2.find(g).isEmpty());
    }

    @Test
    void shouldNotCacheACopyLoadedBeforeAChangeCommitted() throws Exception {
        InMemoryGroupStore store = new InMemoryGroupStore();
        long g = store.create("alice", "g", 1);
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        GroupStore slowReader = new DelegatingGroupStore(store) {
            @Override
            public Optional<Group> find(long groupId) {
                Optional<Group> before = super.find(groupId);
                loaded.countDown();
                try {
                    proceed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return before;
            }
        };
        RedisGroupCache reader = cacheOver(slowReader);
        RedisGroupCache writer = cacheOver(store);
        CompletableFuture<List<String>> inFlight = CompletableFuture.supplyAsync(() -> reader.members(g));
        assertTrue(loaded.await(10, TimeUnit.SECONDS));
        writer.addMembers(g, List.of("bob")); // commits, then invalidates while the reader holds the old copy
        proceed.countDown();
        assertEquals(List.of("alice"), inFlight.get(10, TimeUnit.SECONDS), "the read in flight answers what it read");
        assertEquals(List.of("alice", "bob"), writer.members(g), "but its old copy was not cached");
    }

    @Test
    void shouldReadThroughWhenRedisIsUnreachable() {
        InMemoryGroupStore store = new InMemoryGroupStore();
        long g = store.create("alice", "g", 1);
        try (RedisClient down = RedisClient.create("redis://127.0.0.1:1")) {
            RedisGroupCache cache = new RedisGroupCache(store, down, "x:", Duration.ofMinutes(1));
            assertEquals(List.of("alice"), cache.members(g));
            assertTrue(cache.find(12345).isEmpty());
        }
    }
}

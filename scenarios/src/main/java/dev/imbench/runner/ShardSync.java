package dev.imbench.runner;

import dev.imbench.sim.load.ShardPlan;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Where the shards of one run meet, so that they act as one run: they start together (ramps line up),
 * begin the phases together once every shard's clients are online, and make the final pull only when
 * every shard has every message answered (else a shard that finished early would leave while another
 * still sends to its clients, and those messages would look lost). The agreed start also names the run:
 * the shards' uid prefix, and the merge's check that all ledgers come from one run.
 */
public sealed interface ShardSync {

    /** The stage all shards' clients are online: the phases begin. */
    String ONLINE = "online";
    /** The stage every shard has every message answered: the final pull begins. */
    String ANSWERED = "answered";

    /** Waits until the agreed start and returns it. */
    Instant start(ShardPlan shard) throws InterruptedException;

    /** Waits until every shard reached {@code stage}; false when they did not within {@code timeout}. */
    boolean meet(String stage, ShardPlan shard, Duration timeout) throws InterruptedException;

    /**
     * Tells the other shards the server ids of the groups this shard created (a group is created by the
     * shard of its first member) and waits for every group's.
     *
     * @param mine  group index to server id, the groups this shard created
     * @param total how many groups the run has
     * @return every group's server id by index, or null when not all were told within {@code timeout}
     */
    Map<Integer, Long> groups(Map<Integer, Long> mine, int total, Duration timeout) throws InterruptedException;

    /** What the run directory records about the start. */
    String describe();

    /** A run of one process: it starts now and meets nobody. */
    record Alone() implements ShardSync {
        @Override
        public Instant start(ShardPlan shard) {
            return Instant.now();
        }

        @Override
        public boolean meet(String stage, ShardPlan shard, Duration timeout) {
            return true;
        }

        @Override
        public Map<Integer, Long> groups(Map<Integer, Long> mine, int total, Duration timeout) {
            return mine.size() == total ? Map.copyOf(mine) : null;
        }

        @Override
        public String describe() {
            return "now";
        }
    }

    /**
     * Meeting on Redis keys ({@code --start-barrier redis://host:port/KEY}): at each stage a shard adds its
     * index to the set {@code KEY:<stage>} and waits until all {@code count} indexes are there. At the start
     * an index already in the set is refused (two shards with one index, or a key an earlier run used), and
     * the first shard to see all arrive sets {@code KEY:at} to {@link #LEAD} from then: every shard starts at
     * that instant. Keys expire after a day.
     *
     * @param url     redis://host:port (the key is not part of it)
     * @param key     the barrier's key, one per run
     * @param timeout how long a shard waits for the others at the start
     */
    record RedisBarrier(String url, String key, Duration timeout) implements ShardSync {

        /** How far ahead of the last arrival the start is set, so every shard reads it before it comes. */
        public static final Duration LEAD = Duration.ofSeconds(2);
        /** A shard that reads the agreed start later than this after it is refused (its ramp would lag). */
        static final Duration LATE_LIMIT = Duration.ofSeconds(1);
        static final long TTL_SECONDS = 86_400;
        static final long POLL_MILLIS = 10;

        /** Parses {@code redis://host:port/KEY}. */
        public static RedisBarrier parse(String text, Duration timeout) {
            URI u;
            try {
                u = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--start-barrier takes redis://HOST:PORT/KEY, not '" + text + "'");
            }
            String key = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
            if (!"redis".equals(u.getScheme()) || u.getHost() == null || key.isEmpty()) {
                throw new IllegalArgumentException("--start-barrier takes redis://HOST:PORT/KEY (a key per run), not '"
                        + text + "'");
            }
            return new RedisBarrier("redis://" + u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort()), key, timeout);
        }

        @Override
        public Instant start(ShardPlan shard) throws InterruptedException {
            long startMs;
            try (RedisClient redis = RedisClient.create(url)) {
                String members = key + ":start";
                if (redis.sadd(members, Integer.toString(shard.index())) == 0) {
                    throw new UnsupportedOperationException("shard index " + shard.index() + " is already at the start barrier "
                            + key + ": two shards were given one index, or an earlier run used this key (use a new key per run)");
                }
                redis.expire(members, TTL_SECONDS);
                if (!await(redis, members, shard, timeout)) {
                    throw new IllegalStateException("only " + redis.scard(members) + " of " + shard.count()
                            + " shards reached the start barrier " + key + " within " + timeout.toSeconds() + " s");
                }
                redis.set(key + ":at", Long.toString(System.currentTimeMillis() + LEAD.toMillis()),
                        SetParams.setParams().nx().ex(TTL_SECONDS));
                startMs = Long.parseLong(redis.get(key + ":at"));
            }
            Instant at = Instant.ofEpochMilli(startMs);
            if (Instant.now().isAfter(at.plus(LATE_LIMIT))) {
                throw new UnsupportedOperationException("the start barrier " + key + " agreed on " + at
                        + ", which has passed: an earlier run used this key (use a new key per run)");
            }
            long ms;
            while ((ms = Duration.between(Instant.now(), at).toMillis()) > 0) {
                TimeUnit.MILLISECONDS.sleep(Math.min(ms, 200));
            }
            return at;
        }

        @Override
        public boolean meet(String stage, ShardPlan shard, Duration timeout) throws InterruptedException {
            try (RedisClient redis = RedisClient.create(url)) {
                String members = key + ":" + stage;
                redis.sadd(members, Integer.toString(shard.index()));
                redis.expire(members, TTL_SECONDS);
                return await(redis, members, shard, timeout);
            }
        }

        /** The groups' server ids meet in the hash {@code KEY:groups} (group index to server id). */
        @Override
        public Map<Integer, Long> groups(Map<Integer, Long> mine, int total, Duration timeout) throws InterruptedException {
            try (RedisClient redis = RedisClient.create(url)) {
                String hash = key + ":groups";
                if (!mine.isEmpty()) {
                    Map<String, String> fields = new HashMap<>();
                    mine.forEach((g, id) -> fields.put(Integer.toString(g), Long.toString(id)));
                    redis.hset(hash, fields);
                }
                redis.expire(hash, TTL_SECONDS);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (redis.hlen(hash) < total) {
                    if (System.nanoTime() > deadline) {
                        return null;
                    }
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                }
                Map<Integer, Long> all = new HashMap<>();
                for (Map.Entry<String, String> e : redis.hgetAll(hash).entrySet()) {
                    int g = Integer.parseInt(e.getKey());
                    if (g < 0 || g >= total) {
                        throw new UnsupportedOperationException(hash + " names group " + g + " of a run with " + total
                                + " groups: shards of different scenarios share the barrier key");
                    }
                    all.put(g, Long.parseLong(e.getValue()));
                }
                return all;
            }
        }

        private static boolean await(RedisClient redis, String members, ShardPlan shard, Duration timeout)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long there;
            while ((there = redis.scard(members)) < shard.count()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            if (there > shard.count()) {
                throw new UnsupportedOperationException(members + " holds " + there + " shard indexes for " + shard.count()
                        + " shards: shards of different counts share the barrier key");
            }
            return true;
        }

        @Override
        public String describe() {
            return "barrier " + url + "/" + key;
        }
    }
}

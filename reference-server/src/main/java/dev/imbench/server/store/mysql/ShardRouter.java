package dev.imbench.server.store.mysql;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Picks a user's shard: {@code CRC32(UTF-8 bytes of uid) % shards}. CRC32 (IEEE 802.3, as
 * {@link java.util.zip.CRC32}) is fixed by the JDK, so a user's shard never moves between runs or
 * JVMs as long as the shard count stays the same.
 *
 * @param shards number of shards, at least 1
 */
public record ShardRouter(int shards) {

    /** Checks the count. */
    public ShardRouter {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be >= 1, got " + shards);
        }
    }

    /** The shard of {@code uid}, in {@code [0, shards)}. */
    public int shardOf(String uid) {
        CRC32 crc = new CRC32();
        crc.update(uid.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}

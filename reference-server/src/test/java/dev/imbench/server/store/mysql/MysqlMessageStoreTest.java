package dev.imbench.server.store.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.MessageStoreContract;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The message-store contract, unchanged, on 4 MySQL shards (schemas imbench_test_shard_0..3, emptied per test). */
class MysqlMessageStoreTest extends MessageStoreContract {

    /** Shared with {@link MysqlGroupStoreTest}. */
    static final TestShards SHARDS = new TestShards("imbench_test_shard_", 4);

    @AfterAll
    static void closeShards() {
        SHARDS.close();
    }

    @AfterEach
    void closeStore() {
        ((MysqlMessageStore) store).close(); // its committers give their connections back
    }

    @Override
    protected MessageStore newStore() {
        return new MysqlMessageStore(SHARDS.empty());
    }

    @Test
    void shouldRoundTripEmojiAndLongContent() {
        String text = "hi 😀👍🏽 中文 " + "x".repeat(10_000);
        store.appendToInboxes(List.of("b"), new Envelope("a", "b", 0, 203, 7, text, 9, 1_764_000_000_123L));
        InboxRow row = store.page("b", 0, 1).get(0);
        assertEquals(text, row.envelope().content());
        assertEquals(1_764_000_000_123L, row.envelope().sendTime());
        assertEquals(9, row.envelope().clientMsgId());
    }

    @Test
    void shouldWriteAC2cMessagesTwoRowsOnTheRecipientsShardInOneTransaction() throws Exception {
        Envelope e = c2c("a", "b", "hello", 42);
        C2cReceipt r = store.storeC2c(e);
        int shard = SHARDS.get().router().shardOf("b");
        assertEquals(shard, (int) (r.msgid() % 4), "the send row's msgid names the recipient's shard");
        assertTrue(store.storeC2c(e).duplicate());
        assertEquals(1, store.page("b", 0, 10).size(), "one inbox row for the send and its resend");
        try (java.sql.Connection c = SHARDS.get().shard(shard).getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM im_message_send")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "one send row, next to the inbox row");
        }
    }

    @Test
    void shouldRefuseContentBeyondTheColumnWithAClearErrorAndStoreNothing() {
        Envelope big = c2c("a", "b", "x".repeat(70_000), 43);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.storeC2c(big));
        assertTrue(e.getMessage().contains("nothing of it stored"), e.getMessage());
        assertEquals(0, store.page("b", 0, 10).size());
        assertFalse(store.storeC2c(c2c("a", "b", "small", 43)).duplicate(), "the failed send left no resend marker");
    }

    @Test
    void shouldPlaceUsersOnStableCrc32Shards() {
        ShardRouter r = new ShardRouter(4);
        assertEquals(r.shardOf("alice"), new ShardRouter(4).shardOf("alice"));
        // CRC32("alice") = 0x4a0d7d5c? checked against java.util.zip.CRC32 independently of the router
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("user-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals((int) (crc.getValue() % 4), r.shardOf("user-1"));
    }
}

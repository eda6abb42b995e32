package dev.imbench.server.store.mysql;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.store.Envelope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The pull's queries on a long inbox: the gap lookup and the delivered marks up to a cursor go through the
 * undelivered index instead of reading the inbox's whole history, and a shard made before that index gets it at
 * start (schemas {@code imbench_idx_shard_0} and {@code imbench_idx_old_0}).
 */
class MysqlInboxIndexTest {

    private static final TestShards SHARDS = new TestShards("imbench_idx_shard_", 1);
    private static final String OLD_SCHEMA = "imbench_idx_old_0";
    /** Rows in the long inbox, all delivered but the last. */
    private static final int HISTORY = 2_000;

    @AfterAll
    static void closeShards() {
        SHARDS.close();
    }

    @Test
    void shouldFindThePullsGapAndMarkRowsDeliveredThroughTheUndeliveredIndex() throws Exception {
        MysqlShards shards = SHARDS.empty();
        try (MysqlMessageStore store = new MysqlMessageStore(shards)) {
            long[] ids = store.appendToInboxes(Collections.nCopies(HISTORY, "bob"),
                    new Envelope("alice", "bob", 0, 203, 1, "hi", 0, 1_764_000_000_000L));
            long last = ids[HISTORY - 1];
            assertEquals(HISTORY - 1, store.ackUpTo("bob", last - 1));
            assertEquals(last, store.firstUndelivered("bob", last), "the one undelivered row is the gap");
            try (Connection c = shards.shard(0).getConnection(); Statement st = c.createStatement()) {
                // the marks just made leave delete-marked index entries that the optimizer counts until InnoDB
                // purges them (in the background, seconds), so the plan is read once they are gone
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    st.execute("ANALYZE TABLE im_message_recieve");
                    Plan gap = explain(c, MysqlMessageStore.FIRST_UNDELIVERED_SQL, last);
                    assertTrue(gap.extra().contains("optimized away") || gap.key().equals("idx_recv_undelivered"),
                            "the gap lookup reads the history: " + gap);
                    Plan marks = explain(c, MysqlMessageStore.ACK_UP_TO_SQL, last);
                    assertEquals("idx_recv_undelivered", marks.key(), "delivered marks up to a cursor: " + marks);
                    assertTrue(marks.rows() < HISTORY / 10, "delivered marks read the history: " + marks);
                });
            }
        }
    }

    /** One line of EXPLAIN: the index used, the rows it expects to read, and the notes. */
    private record Plan(String key, long rows, String extra) {
    }

    private static Plan explain(Connection c, String sql, long upTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            ps.setString(1, "bob");
            ps.setLong(2, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                String key = rs.getString("key");
                String extra = rs.getString("Extra");
                return new Plan(key == null ? "" : key, rs.getLong("rows"), extra == null ? "" : extra);
            }
        }
    }

    @Test
    void shouldGiveAShardMadeBeforeTheUndeliveredIndexThatIndexAtStartAndKeepItsRows() throws Exception {
        LiveServices.requireMysql();
        String server = "jdbc:mysql://" + LiveServices.MYSQL_HOST + ":" + LiveServices.MYSQL_PORT + "/";
        try (Connection c = DriverManager.getConnection(server + "?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + OLD_SCHEMA);
            st.execute("CREATE DATABASE " + OLD_SCHEMA + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            st.execute("CREATE TABLE " + OLD_SCHEMA + ".im_message_recieve (msg_id BIGINT NOT NULL, "
                    + "msg_from VARCHAR(64) NOT NULL, msg_to VARCHAR(64) NOT NULL, group_id BIGINT NOT NULL DEFAULT 0, "
                    + "cmd_id INT NOT NULL, msg_seq INT NOT NULL, msg_content TEXT NOT NULL, send_time DATETIME(3) NOT NULL, "
                    + "msg_type INT NOT NULL DEFAULT 0, client_msg_id BIGINT NULL, delivered SMALLINT NOT NULL DEFAULT 0, "
                    + "PRIMARY KEY (msg_to, msg_id), KEY idx_recv_resend (msg_to, msg_from, client_msg_id)) "
                    + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
            st.execute("INSERT INTO " + OLD_SCHEMA + ".im_message_recieve (msg_id, msg_from, msg_to, cmd_id, msg_seq, "
                    + "msg_content, send_time) VALUES (1, 'alice', 'bob', 203, 1, 'kept', '2026-12-01 00:00:00')");
        }
        String url = server + OLD_SCHEMA;
        try {
            for (int start = 1; start <= 2; start++) { // the second start finds the migration done
                try (MysqlShards shards = MysqlShards.open(List.of(url), "root", "", 2);
                     MysqlMessageStore store = new MysqlMessageStore(shards)) {
                    assertEquals(Set.of("PRIMARY", "idx_recv_undelivered"), indexes(shards), "start " + start);
                    assertEquals("kept", store.page("bob", 0, 10).get(0).envelope().content());
                }
            }
        } finally {
            try (Connection c = DriverManager.getConnection(server + "?useSSL=false&allowPublicKeyRetrieval=true",
                    "root", ""); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + OLD_SCHEMA);
            }
        }
    }

    private static Set<String> indexes(MysqlShards shards) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Connection c = shards.shard(0).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT index_name FROM information_schema.statistics "
                     + "WHERE table_schema = DATABASE() AND table_name = 'im_message_recieve'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

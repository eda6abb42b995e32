package dev.imbench.server.store.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The idempotent migration run on every shard at start ({@code CREATE TABLE IF NOT EXISTS}).
 *
 * <p>Lengths and indexes follow the flows' queries: uids are {@code VARCHAR(64)} (utf8mb4, binary
 * collation so ids compare exactly), content {@code TEXT} (the gate caps frames at 64 KiB);
 * the inbox is clustered on {@code (msg_to, msg_id)} so a pull page is one range scan, and indexed on
 * {@code (msg_to, delivered, msg_id)} so the pull's gap lookup (its first undelivered row) and its delivered marks
 * up to a cursor touch only undelivered rows, not the inbox's whole history; the send log
 * has {@code (msg_from, msg_id)} for send history and a unique {@code (msg_from, client_msg_id)} for
 * resend de-duplication ({@code client_msg_id} is NULL for "no id", so those never collide).
 * Group tables are not sharded (shard 0); {@code im_group_users.joined_seq} keeps the join order.
 * {@code im_inbox_seq} holds each recipient's last msgid: the row lock taken when it is raised
 * serialises id allocation and commit per recipient, which keeps msgids in visibility order.
 * Read diffusion adds, on the group's shard, {@code im_group_timeline} (one row per group message, clustered on
 * {@code (group_id, msg_id)} so a member's pull is one range scan; {@code msg_id} unique for a push ack's lookup)
 * and {@code im_group_cursor} (each member's join point and read cursor), and on the first shard
 * {@code im_msgid_block} (the msgid sequence's reserved high mark).
 */
public final class MysqlSchema {

    /** Statements of the migration, in order. */
    public static final List<String> STATEMENTS = List.of(
            """
            CREATE TABLE IF NOT EXISTS im_message_send (
              msg_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
              msg_from VARCHAR(64) NOT NULL,
              msg_to VARCHAR(64) NOT NULL,
              group_id BIGINT NOT NULL DEFAULT 0,
              cmd_id INT NOT NULL,
              msg_seq INT NOT NULL,
              msg_content TEXT NOT NULL,
              send_time DATETIME(3) NOT NULL,
              msg_type INT NOT NULL DEFAULT 0,
              client_msg_id BIGINT NULL,
              UNIQUE KEY uk_send_client (msg_from, client_msg_id),
              KEY idx_send_from (msg_from, msg_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
            """
            CREATE TABLE IF NOT EXISTS im_message_recieve (
              msg_id BIGINT NOT NULL,
              msg_from VARCHAR(64) NOT NULL,
              msg_to VARCHAR(64) NOT NULL,
              group_id BIGINT NOT NULL DEFAULT 0,
              cmd_id INT NOT NULL,
              msg_seq INT NOT NULL,
              msg_content TEXT NOT NULL,
              send_time DATETIME(3) NOT NULL,
              msg_type INT NOT NULL DEFAULT 0,
              client_msg_id BIGINT NULL,
              delivered SMALLINT NOT NULL DEFAULT 0,
              PRIMARY KEY (msg_to, msg_id),
              KEY idx_recv_undelivered (msg_to, delivered, msg_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
            // shards made before the undelivered index: add it, drop the resend index no query uses any more
            "ALTER TABLE im_message_recieve ADD INDEX IF NOT EXISTS idx_recv_undelivered (msg_to, delivered, msg_id)",
            "ALTER TABLE im_message_recieve DROP INDEX IF EXISTS idx_recv_resend",
            """
            CREATE TABLE IF NOT EXISTS im_inbox_seq (
              uid VARCHAR(64) NOT NULL PRIMARY KEY,
              last_id BIGINT NOT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
            """
            CREATE TABLE IF NOT EXISTS im_group_msgs (
              group_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
              group_name VARCHAR(255) NOT NULL,
              create_user VARCHAR(64) NOT NULL,
              create_time DATETIME(3) NOT NULL,
              owner VARCHAR(64) NOT NULL,
              announcement TEXT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
            """
            CREATE TABLE IF NOT EXISTS im_group_users (
              group_id BIGINT NOT NULL,
              user_id VARCHAR(64) NOT NULL,
              joined_seq BIGINT NOT NULL AUTO_INCREMENT,
              PRIMARY KEY (group_id, user_id),
              KEY idx_join_order (joined_seq),
              KEY idx_user_groups (user_id, group_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
            """
            CREATE TABLE IF NOT EXISTS im_group_timeline (
              group_id BIGINT NOT NULL,
              msg_id BIGINT NOT NULL,
              msg_from VARCHAR(64) NOT NULL,
              cmd_id INT NOT NULL,
              msg_seq INT NOT NULL,
              msg_content TEXT NOT NULL,
              send_time DATETIME(3) NOT NULL,
              client_msg_id BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (group_id, msg_id),
              UNIQUE KEY uk_timeline_msg (msg_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
            """
            CREATE TABLE IF NOT EXISTS im_group_cursor (
              group_id BIGINT NOT NULL,
              uid VARCHAR(64) NOT NULL,
              joined_after BIGINT NOT NULL,
              read_cursor BIGINT NOT NULL,
              PRIMARY KEY (group_id, uid)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
            """
            CREATE TABLE IF NOT EXISTS im_msgid_block (
              name VARCHAR(32) NOT NULL PRIMARY KEY,
              reserved_to BIGINT NOT NULL
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""");

    /** Every table the store writes, for tests that empty a shard. */
    public static final List<String> TABLES = List.of("im_message_send", "im_message_recieve", "im_inbox_seq",
            "im_group_msgs", "im_group_users", "im_group_timeline", "im_group_cursor", "im_msgid_block");

    private MysqlSchema() {
    }

    /** Runs the migration on one shard. */
    public static void migrate(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : STATEMENTS) {
                st.execute(sql);
            }
        }
    }
}

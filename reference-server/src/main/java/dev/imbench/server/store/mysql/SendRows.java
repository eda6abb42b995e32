package dev.imbench.server.store.mysql;

import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch's send rows ({@code im_message_send}) in the open transaction: one lookup of the batch's
 * (from, client_msg_id) keys already stored, then one multi-row insert of the new rows with
 * {@code RETURNING msg_id}. A resend, stored before or earlier in the same batch, gets the first receipt.
 * A send row's msgid is {@code autoIncrement × shards + shard}, unique across shards.
 */
final class SendRows {

    /** A resend's identity in the send log. */
    private record SendKey(String from, long clientMsgId) {
    }

    private static final MultiRowStatement<Envelope> INSERT = new MultiRowStatement<>(
            "INSERT INTO im_message_send (msg_from, msg_to, group_id, cmd_id, msg_seq, msg_content, send_time, "
                    + "client_msg_id)", 8, "RETURNING msg_id",
            (ps, p, e) -> MultiRowStatement.bindEnvelope(ps, p, e, e.to()));

    private final int shard;
    private final int shardCount;

    SendRows(int shard, int shardCount) {
        this.shard = shard;
        this.shardCount = shardCount;
    }

    /** Stores {@code sends} (batch order) once each; returns their receipts, index for index. */
    SendReceipt[] write(Connection c, List<Envelope> sends) throws SQLException {
        SendReceipt[] out = new SendReceipt[sends.size()];
        Map<SendKey, Integer> leaders = new HashMap<>();
        int[] leaderOf = new int[sends.size()];
        for (int i = 0; i < sends.size(); i++) {
            Envelope e = sends.get(i);
            leaderOf[i] = i;
            if (e.clientMsgId() != 0) {
                Integer first = leaders.putIfAbsent(new SendKey(e.from(), e.clientMsgId()), i);
                if (first != null) {
                    leaderOf[i] = first; // a second copy of one resend in this batch
                }
            }
        }
        Map<SendKey, SendReceipt> existing = leaders.isEmpty() ? Map.of() : find(c, leaders.keySet());
        List<Envelope> inserted = new ArrayList<>(sends.size());
        List<Integer> insertedAt = new ArrayList<>(sends.size());
        for (int i = 0; i < sends.size(); i++) {
            Envelope e = sends.get(i);
            SendReceipt found = e.clientMsgId() == 0 ? null : existing.get(new SendKey(e.from(), e.clientMsgId()));
            if (found != null) {
                out[i] = found;
            } else if (leaderOf[i] == i) {
                inserted.add(e);
                insertedAt.add(i);
            }
        }
        if (!inserted.isEmpty()) {
            int[] n = {0};
            INSERT.execute(c, inserted, rs -> {
                if (n[0] >= inserted.size()) {
                    throw new SQLException("more returned ids than send rows");
                }
                int i = insertedAt.get(n[0]++);
                out[i] = new SendReceipt(rs.getLong(1) * shardCount + shard, sends.get(i).sendTime(), false);
            }, e -> e.content().length());
            if (n[0] != inserted.size()) {
                throw new SQLException("fewer returned ids (" + n[0] + ") than send rows (" + inserted.size() + ")");
            }
        }
        for (int i = 0; i < sends.size(); i++) {
            if (out[i] == null) {
                SendReceipt first = out[leaderOf[i]];
                out[i] = new SendReceipt(first.msgid(), first.sendTime(), true);
            }
        }
        return out;
    }

    private Map<SendKey, SendReceipt> find(Connection c, java.util.Set<SendKey> keys) throws SQLException {
        Map<SendKey, SendReceipt> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT msg_from, client_msg_id, msg_id, send_time "
                + "FROM im_message_send FORCE INDEX (uk_send_client) WHERE "
                + MultiRowStatement.repeat(keys.size(), "(msg_from = ? AND client_msg_id = ?)", " OR "))) {
            int p = 1;
            for (SendKey k : keys) {
                ps.setString(p++, k.from());
                ps.setLong(p++, k.clientMsgId());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new SendKey(rs.getString(1), rs.getLong(2)),
                            new SendReceipt(rs.getLong(3) * shardCount + shard, SqlTime.millis(rs, 4), true));
                }
            }
        }
        return found;
    }
}

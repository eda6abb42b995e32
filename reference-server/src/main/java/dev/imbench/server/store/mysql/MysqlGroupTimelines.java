package dev.imbench.server.store.mysql;

import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.GroupTimelineStore;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.TimelineReceipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Read diffusion on MySQL: each group's timeline ({@code im_group_timeline}: one row per group message) and its
 * members' join points and read cursors ({@code im_group_cursor}), both on the group's shard (the shard of the group
 * id in decimal). Timeline rows are written through the shard's group commit and numbered from the same
 * {@link MsgidSequencer} as the store's inbox rows; readers see only settled ids.
 */
final class MysqlGroupTimelines implements GroupTimelineStore {

    /** Recent timeline msgids → group, so a push ack finds its group without asking every shard. */
    private static final int RECENT_CAP = 100_000;

    private final MysqlMessageStore store;
    private final MysqlShards shards;
    private final MsgidSequencer sequencer;
    private final Map<Long, Long> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > RECENT_CAP;
        }
    };

    MysqlGroupTimelines(MysqlMessageStore store, MysqlShards shards, MsgidSequencer sequencer) {
        this.store = store;
        this.shards = shards;
        this.sequencer = sequencer;
    }

    @Override
    public boolean sharesSequenceWith(MessageStore messages) {
        return messages == store;
    }

    @Override
    public TimelineReceipt post(Envelope e) {
        TimelineReceipt r = store.postToTimeline(e);
        if (!r.duplicate()) {
            synchronized (recent) {
                recent.put(r.timelineMsgid(), e.group());
            }
        }
        return r;
    }

    @Override
    public List<InboxRow> pageTimeline(long group, long afterMsgid, int limit) {
        long below = store.visibleBelow();
        try (Connection c = shards.shard(store.groupShard(group)).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT msg_id, msg_from, cmd_id, msg_seq, msg_content, "
                     + "send_time, client_msg_id FROM im_group_timeline WHERE group_id = ? AND msg_id > ? AND msg_id < ? "
                     + "ORDER BY msg_id LIMIT ?")) {
            ps.setLong(1, group);
            ps.setLong(2, afterMsgid);
            ps.setLong(3, below);
            ps.setInt(4, limit);
            List<InboxRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Envelope e = new Envelope(rs.getString(2), Long.toString(group), group, rs.getInt(3), rs.getInt(4),
                            rs.getString(5), rs.getLong(7), SqlTime.millis(rs, 6));
                    out.add(new InboxRow(rs.getLong(1), e, false));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw MysqlMessageStore.failure("timeline page", ex);
        }
    }

    @Override
    public void join(String uid, long group) {
        long now = sequencer.lastAllocated();
        update(group, "INSERT INTO im_group_cursor (group_id, uid, joined_after, read_cursor) VALUES (?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE joined_after = VALUES(joined_after), read_cursor = VALUES(read_cursor)",
                uid, now, now, "join");
    }

    @Override
    public long joinedAfter(String uid, long group) {
        return read(group, "SELECT joined_after FROM im_group_cursor WHERE group_id = ? AND uid = ?", uid);
    }

    @Override
    public void advanceCursor(String uid, long group, long msgid) {
        update(group, "INSERT INTO im_group_cursor (group_id, uid, joined_after, read_cursor) VALUES (?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE read_cursor = GREATEST(read_cursor, VALUES(read_cursor))",
                uid, 0, msgid, "read cursor");
    }

    @Override
    public long cursor(String uid, long group) {
        return read(group, "SELECT read_cursor FROM im_group_cursor WHERE group_id = ? AND uid = ?", uid);
    }

    @Override
    public OptionalLong groupOf(long msgid) {
        synchronized (recent) {
            Long g = recent.get(msgid);
            if (g != null) {
                return OptionalLong.of(g);
            }
        }
        for (int i = 0; i < shards.count(); i++) {
            try (Connection c = shards.shard(i).getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT group_id FROM im_group_timeline WHERE msg_id = ?")) {
                ps.setLong(1, msgid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return OptionalLong.of(rs.getLong(1));
                    }
                }
            } catch (SQLException ex) {
                throw MysqlMessageStore.failure("timeline lookup", ex);
            }
        }
        return OptionalLong.empty();
    }

    private void update(long group, String sql, String uid, long joined, long cursor, String what) {
        try (Connection c = shards.shard(store.groupShard(group)).getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, group);
            ps.setString(2, uid);
            ps.setLong(3, joined);
            ps.setLong(4, cursor);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw MysqlMessageStore.failure(what, ex);
        }
    }

    private long read(long group, String sql, String uid) {
        try (Connection c = shards.shard(store.groupShard(group)).getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, group);
            ps.setString(2, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException ex) {
            throw MysqlMessageStore.failure("group cursor", ex);
        }
    }
}

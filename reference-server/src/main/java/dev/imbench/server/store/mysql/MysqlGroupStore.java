package dev.imbench.server.store.mysql;

import dev.imbench.server.store.Group;
import dev.imbench.server.store.GroupStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link GroupStore} on MySQL: {@code im_group_msgs} and {@code im_group_users} (PK (group_id, user_id)),
 * not sharded (they live on shard 0, as the reference design draws). Every method is one committed transaction;
 * a failure throws {@link IllegalStateException}.
 */
public final class MysqlGroupStore implements GroupStore {

    private static final DateTimeFormatter DATETIME_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final DataSource db;

    /** A store on shard 0 of {@code shards}. */
    public MysqlGroupStore(MysqlShards shards) {
        this.db = shards.shard(0);
    }

    @Override
    public long create(String owner, String name, long now) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO im_group_msgs (group_name, create_user, "
                        + "create_time, owner) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, name);
                    ps.setString(2, owner);
                    ps.setString(3, DATETIME_MS.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC)));
                    ps.setString(4, owner);
                    ps.executeUpdate();
                    try (ResultSet k = ps.getGeneratedKeys()) {
                        k.next();
                        id = k.getLong(1);
                    }
                }
                insertMember(c, id, owner);
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("create group", e);
        }
    }

    private static boolean insertMember(Connection c, long group, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT IGNORE INTO im_group_users (group_id, user_id) VALUES (?, ?)")) {
            ps.setLong(1, group);
            ps.setString(2, uid);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public Optional<Group> find(long groupId) {
        try (Connection c = db.getConnection()) {
            return find(c, groupId);
        } catch (SQLException e) {
            throw failure("find group", e);
        }
    }

    private static Optional<Group> find(Connection c, long groupId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT group_name, owner, create_time, announcement "
                + "FROM im_group_msgs WHERE group_id = ?")) {
            ps.setLong(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long created = rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC).toEpochMilli();
                String announcement = rs.getString(4);
                return Optional.of(new Group(groupId, rs.getString(1), rs.getString(2), created,
                        announcement == null ? "" : announcement, members(c, groupId)));
            }
        }
    }

    @Override
    public List<String> members(long groupId) {
        try (Connection c = db.getConnection()) {
            return members(c, groupId);
        } catch (SQLException e) {
            throw failure("members", e);
        }
    }

    private static List<String> members(Connection c, long groupId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_id FROM im_group_users WHERE group_id = ? ORDER BY joined_seq")) {
            ps.setLong(1, groupId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Override
    public boolean isMember(long groupId, String uid) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT 1 FROM im_group_users WHERE group_id = ? AND user_id = ?")) {
            ps.setLong(1, groupId);
            ps.setString(2, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("membership", e);
        }
    }

    @Override
    public List<String> addMembers(long groupId, Collection<String> uids) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<String> added = new ArrayList<>();
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT 1 FROM im_group_msgs WHERE group_id = ? FOR UPDATE")) {
                    lock.setLong(1, groupId);
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return List.of();
                        }
                    }
                }
                for (String uid : new LinkedHashSet<>(uids)) {
                    if (insertMember(c, groupId, uid)) {
                        added.add(uid);
                    }
                }
                c.commit();
                return added;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("add members", e);
        }
    }

    @Override
    public boolean removeMember(long groupId, String uid) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM im_group_users WHERE group_id = ? AND user_id = ?")) {
            ps.setLong(1, groupId);
            ps.setString(2, uid);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("remove member", e);
        }
    }

    @Override
    public Optional<Group> delete(long groupId) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Group> last = find(c, groupId);
                if (last.isPresent()) {
                    for (String sql : List.of("DELETE FROM im_group_users WHERE group_id = ?",
                            "DELETE FROM im_group_msgs WHERE group_id = ?")) {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setLong(1, groupId);
                            ps.executeUpdate();
                        }
                    }
                }
                c.commit();
                return last;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("delete group", e);
        }
    }

    @Override
    public boolean setAnnouncement(long groupId, String announcement) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE im_group_msgs SET announcement = ? WHERE group_id = ?")) {
            ps.setString(1, announcement);
            ps.setLong(2, groupId);
            return ps.executeUpdate() == 1 || find(c, groupId).isPresent();
        } catch (SQLException e) {
            throw failure("announcement", e);
        }
    }

    @Override
    public List<Long> groupsOf(String uid) {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT group_id FROM im_group_users WHERE user_id = ? ORDER BY group_id")) {
            ps.setString(1, uid);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("groups of user", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("MySQL failed: " + what + ": " + e.getMessage(), e);
    }
}

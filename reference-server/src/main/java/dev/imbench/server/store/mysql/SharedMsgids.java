package dev.imbench.server.store.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read diffusion's {@link InboxIds}: ids from the process's {@link MsgidSequencer}, held in flight until the
 * writer's transaction ended. Each inbox owner's {@code im_inbox_seq} row is raised to its largest new id (in sorted
 * order), so the per-recipient sequence of write diffusion stays above every stored id if the shards are later
 * used in that mode.
 */
final class SharedMsgids implements InboxIds {

    private static final MultiRowStatement<Map.Entry<String, Long>> RAISE = new MultiRowStatement<>(
            "INSERT INTO im_inbox_seq (uid, last_id)", 2,
            "ON DUPLICATE KEY UPDATE last_id = GREATEST(last_id, VALUES(last_id))",
            (ps, p, en) -> {
                ps.setString(p, en.getKey());
                ps.setLong(p + 1, en.getValue());
            });

    private final MsgidSequencer sequencer;
    private final List<Long> held = new ArrayList<>();

    SharedMsgids(MsgidSequencer sequencer) {
        this.sequencer = sequencer;
    }

    @Override
    public long[] allocate(Connection c, List<String> owners) throws SQLException {
        long start = sequencer.allocate(owners.size());
        held.add(start);
        long[] ids = new long[owners.size()];
        TreeMap<String, Long> last = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = start + i;
            if (!owners.get(i).isEmpty()) {
                last.put(owners.get(i), ids[i]);
            }
        }
        if (!last.isEmpty()) {
            RAISE.execute(c, List.copyOf(last.entrySet()), null, en -> 0);
        }
        return ids;
    }

    @Override
    public void settled() {
        held.forEach(sequencer::release);
        held.clear();
    }
}

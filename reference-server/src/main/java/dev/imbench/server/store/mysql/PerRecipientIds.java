package dev.imbench.server.store.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Write diffusion's msgids: per recipient 1, 2, 3 … from {@code im_inbox_seq}, raised for the whole batch in one
 * {@code INSERT … ON DUPLICATE KEY UPDATE … RETURNING} (rows in sorted order, so two transactions lock them in the
 * same order). The raised row stays locked until commit, which serialises allocation and commit per recipient: no
 * smaller id can become visible after a larger one, across threads and processes.
 */
final class PerRecipientIds implements InboxIds {

    private static final MultiRowStatement<Map.Entry<String, Integer>> RAISE = new MultiRowStatement<>(
            "INSERT INTO im_inbox_seq (uid, last_id)", 2,
            "ON DUPLICATE KEY UPDATE last_id = last_id + VALUES(last_id) RETURNING uid, last_id",
            (ps, p, en) -> {
                ps.setString(p, en.getKey());
                ps.setLong(p + 1, en.getValue());
            });

    @Override
    public long[] allocate(Connection c, List<String> owners) throws SQLException {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String uid : owners) {
            counts.merge(uid, 1, Integer::sum);
        }
        Map<String, Long> next = new HashMap<>(counts.size() * 2);
        RAISE.execute(c, List.copyOf(counts.entrySet()), rs -> {
            String uid = rs.getString(1);
            next.put(uid, rs.getLong(2) - counts.get(uid) + 1);
        }, en -> 0);
        if (next.size() != counts.size()) {
            throw new SQLException("sequence raise returned " + next.size() + " of " + counts.size() + " recipients");
        }
        long[] ids = new long[owners.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = next.merge(owners.get(i), 1L, Long::sum) - 1;
        }
        return ids;
    }

    @Override
    public void settled() {
        // nothing held outside the transaction
    }
}

package dev.imbench.sim.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulation's groups: fixed member lists (client indexes, sorted) and the
 * server's id of each group once it exists. The expected recipients of a group
 * message are its members other than the sender (membership does not change
 * during a run, so "members at store time" is the member list).
 */
public final class GroupDirectory {

    private final int[][] members;
    private final long[] serverIds;
    private final ConcurrentHashMap<Long, Integer> byServerId = new ConcurrentHashMap<>();

    /** Groups with the given member lists (client indexes). */
    public GroupDirectory(List<int[]> memberLists) {
        this.members = new int[memberLists.size()][];
        for (int g = 0; g < members.length; g++) {
            int[] m = memberLists.get(g).clone();
            Arrays.sort(m);
            for (int i = 1; i < m.length; i++) {
                if (m[i] == m[i - 1]) {
                    throw new IllegalArgumentException("group " + g + " lists member " + m[i] + " twice");
                }
            }
            members[g] = m;
        }
        this.serverIds = new long[members.length];
    }

    /** No groups. */
    public static GroupDirectory none() {
        return new GroupDirectory(List.of());
    }

    /** Number of groups. */
    public int size() {
        return members.length;
    }

    /** Sorted members of a group (do not modify). */
    public int[] members(int group) {
        return members[group];
    }

    /** Position of a client in a group's member list, or negative if not a member. */
    public int slotOf(int group, int client) {
        return Arrays.binarySearch(members[group], client);
    }

    /** Records the server's id of a group. */
    public synchronized void bind(int group, long serverId) {
        serverIds[group] = serverId;
        byServerId.put(serverId, group);
    }

    /** The server id of a group, 0 if not yet bound. */
    public synchronized long serverId(int group) {
        return serverIds[group];
    }

    /**
     * The first group in which this directory and {@code other} differ (members or server id), -1 when they
     * agree; {@link #size()} of the smaller when one has more groups. The shards of one run must agree.
     */
    public synchronized int firstDifference(GroupDirectory other) {
        int n = Math.min(size(), other.size());
        for (int g = 0; g < n; g++) {
            if (!Arrays.equals(members[g], other.members[g]) || serverIds[g] != other.serverId(g)) {
                return g;
            }
        }
        return size() == other.size() ? -1 : n;
    }

    /** The group with the given server id, or -1. */
    public int groupOf(long serverId) {
        Integer g = byServerId.get(serverId);
        return g == null ? -1 : g;
    }
}

package dev.imbench.server.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The embedded group store: one lock, plain maps; member lists are copied out. */
public final class InMemoryGroupStore implements GroupStore {

    private final Map<Long, Entry> groups = new HashMap<>();
    private final Map<String, Set<Long>> byUser = new HashMap<>();
    private long lastId;

    private static final class Entry {
        final long id;
        final String name;
        final String owner;
        final long createTime;
        String announcement = "";
        final LinkedHashSet<String> members = new LinkedHashSet<>();
        List<String> snapshot = List.of();

        Entry(long id, String name, String owner, long createTime) {
            this.id = id;
            this.name = name;
            this.owner = owner;
            this.createTime = createTime;
        }

        Group toGroup() {
            return new Group(id, name, owner, createTime, announcement, snapshot);
        }
    }

    @Override
    public synchronized long create(String owner, String name, long now) {
        Entry e = new Entry(++lastId, name, owner, now);
        groups.put(e.id, e);
        join(e, owner);
        e.snapshot = List.copyOf(e.members);
        return e.id;
    }

    @Override
    public synchronized Optional<Group> find(long groupId) {
        Entry e = groups.get(groupId);
        return e == null ? Optional.empty() : Optional.of(e.toGroup());
    }

    @Override
    public synchronized List<String> members(long groupId) {
        Entry e = groups.get(groupId);
        return e == null ? List.of() : e.snapshot;
    }

    @Override
    public synchronized boolean isMember(long groupId, String uid) {
        Entry e = groups.get(groupId);
        return e != null && e.members.contains(uid);
    }

    @Override
    public synchronized List<String> addMembers(long groupId, Collection<String> uids) {
        Entry e = groups.get(groupId);
        if (e == null) {
            return List.of();
        }
        List<String> added = new ArrayList<>();
        for (String uid : uids) {
            if (join(e, uid)) {
                added.add(uid);
            }
        }
        e.snapshot = List.copyOf(e.members);
        return added;
    }

    @Override
    public synchronized boolean removeMember(long groupId, String uid) {
        Entry e = groups.get(groupId);
        if (e == null || !e.members.remove(uid)) {
            return false;
        }
        Set<Long> mine = byUser.get(uid);
        if (mine != null) {
            mine.remove(groupId);
        }
        e.snapshot = List.copyOf(e.members);
        return true;
    }

    @Override
    public synchronized Optional<Group> delete(long groupId) {
        Entry e = groups.remove(groupId);
        if (e == null) {
            return Optional.empty();
        }
        for (String uid : e.members) {
            Set<Long> mine = byUser.get(uid);
            if (mine != null) {
                mine.remove(groupId);
            }
        }
        return Optional.of(e.toGroup());
    }

    @Override
    public synchronized boolean setAnnouncement(long groupId, String announcement) {
        Entry e = groups.get(groupId);
        if (e == null) {
            return false;
        }
        e.announcement = announcement;
        return true;
    }

    @Override
    public synchronized List<Long> groupsOf(String uid) {
        Set<Long> mine = byUser.get(uid);
        return mine == null ? List.of() : List.copyOf(mine);
    }

    private boolean join(Entry e, String uid) {
        if (!e.members.add(uid)) {
            return false;
        }
        byUser.computeIfAbsent(uid, k -> new LinkedHashSet<>()).add(e.id);
        return true;
    }
}

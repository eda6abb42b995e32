package dev.imbench.server.store.redis;

import dev.imbench.server.store.Group;
import dev.imbench.server.store.GroupStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A group store passing every call to another; tests override one method to slow or fail it. */
public class DelegatingGroupStore implements GroupStore {

    private final GroupStore inner;

    public DelegatingGroupStore(GroupStore inner) {
        this.inner = inner;
    }

    @Override
    public long create(String owner, String name, long now) {
        return inner.create(owner, name, now);
    }

    @Override
    public Optional<Group> find(long groupId) {
        return inner.find(groupId);
    }

    @Override
    public List<String> members(long groupId) {
        return inner.members(groupId);
    }

    @Override
    public boolean isMember(long groupId, String uid) {
        return inner.isMember(groupId, uid);
    }

    @Override
    public List<String> addMembers(long groupId, Collection<String> uids) {
        return inner.addMembers(groupId, uids);
    }

    @Override
    public boolean removeMember(long groupId, String uid) {
        return inner.removeMember(groupId, uid);
    }

    @Override
    public Optional<Group> delete(long groupId) {
        return inner.delete(groupId);
    }

    @Override
    public boolean setAnnouncement(long groupId, String announcement) {
        return inner.setAnnouncement(groupId, announcement);
    }

    @Override
    public List<Long> groupsOf(String uid) {
        return inner.groupsOf(uid);
    }
}

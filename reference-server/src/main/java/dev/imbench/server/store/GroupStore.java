package dev.imbench.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Groups and membership; also the member-list cache the c2g flow reads. */
public interface GroupStore {

    /** Creates a group owned (and joined) by {@code owner}; returns its id (positive, unique). */
    long create(String owner, String name, long now);

    /** The group, or empty if it does not exist (or was deleted). */
    Optional<Group> find(long groupId);

    /** The member uids, or an empty list for an unknown group. */
    List<String> members(long groupId);

    /** Whether {@code uid} is a member of an existing group. */
    boolean isMember(long groupId, String uid);

    /** Adds members (already-members are ignored); returns the uids actually added; empty if no such group. */
    List<String> addMembers(long groupId, Collection<String> uids);

    /** Removes a member; returns true if it was one. */
    boolean removeMember(long groupId, String uid);

    /** Deletes the group; returns its last state, or empty if it did not exist. */
    Optional<Group> delete(long groupId);

    /** Sets the announcement; returns false for an unknown group. */
    boolean setAnnouncement(long groupId, String announcement);

    /** Ids of the groups {@code uid} belongs to. */
    List<Long> groupsOf(String uid);
}

package dev.imbench.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link GroupStore} must have. */
public abstract class GroupStoreContract {

    protected GroupStore groups;

    /** A fresh, empty store. */
    protected abstract GroupStore newStore();

    @BeforeEach
    void setUp() {
        groups = newStore();
    }

    @Test
    void shouldCreateGroupWithOwnerAsMember() {
        long id = groups.create("alice", "friends", 5);
        Group g = groups.find(id).orElseThrow();
        assertEquals("friends", g.name());
        assertEquals("alice", g.owner());
        assertEquals(List.of("alice"), g.members());
        assertTrue(groups.create("bob", "other", 6) != id);
    }

    @Test
    void shouldAddOnlyNewMembersAndKeepJoinOrder() {
        long id = groups.create("alice", "g", 1);
        assertEquals(List.of("bob", "carol"), groups.addMembers(id, List.of("bob", "alice", "carol", "bob")));
        assertEquals(List.of("alice", "bob", "carol"), groups.members(id));
        assertEquals(List.of(id), groups.groupsOf("carol"));
        assertTrue(groups.addMembers(id + 99, List.of("x")).isEmpty());
    }

    @Test
    void shouldRemoveMemberAndDeleteGroup() {
        long id = groups.create("alice", "g", 1);
        groups.addMembers(id, List.of("bob"));
        assertTrue(groups.removeMember(id, "bob"));
        assertFalse(groups.removeMember(id, "bob"));
        assertFalse(groups.isMember(id, "bob"));
        assertTrue(groups.groupsOf("bob").isEmpty());
        assertEquals(List.of("alice"), groups.delete(id).orElseThrow().members());
        assertTrue(groups.find(id).isEmpty());
        assertTrue(groups.members(id).isEmpty());
        assertTrue(groups.groupsOf("alice").isEmpty());
    }

    @Test
    void shouldSetAnnouncementOfExistingGroupOnly() {
        long id = groups.create("alice", "g", 1);
        assertTrue(groups.setAnnouncement(id, "hello"));
        assertEquals("hello", groups.find(id).orElseThrow().announcement());
        assertFalse(groups.setAnnouncement(id + 1, "x"));
    }
}

package dev.imbench.server.store;

import java.util.List;

/**
 * A group ({@code im_group_msgs}) with its members ({@code im_group_users}).
 *
 * @param id           group id
 * @param name         group name
 * @param owner        uid of the owner (the creator)
 * @param createTime   epoch ms
 * @param announcement current announcement, empty if none
 * @param members      member uids in join order
 */
public record Group(long id, String name, String owner, long createTime, String announcement, List<String> members) {

    /** Copies the member list. */
    public Group {
        members = List.copyOf(members);
    }
}

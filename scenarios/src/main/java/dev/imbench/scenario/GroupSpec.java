package dev.imbench.scenario;

/**
 * The chat groups created before the load starts.
 *
 * @param count   number of groups (0 for none)
 * @param minSize smallest group, in members
 * @param maxSize largest group, in members (sizes are drawn uniformly, seeded)
 */
public record GroupSpec(int count, int minSize, int maxSize) {
    /** No groups. */
    public static final GroupSpec NONE = new GroupSpec(0, 0, 0);
}

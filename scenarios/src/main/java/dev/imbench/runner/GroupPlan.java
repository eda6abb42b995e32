package dev.imbench.runner;

import dev.imbench.scenario.GroupSpec;
import dev.imbench.sim.load.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded group membership: sizes uniform in [min, max], members drawn without replacement. */
final class GroupPlan {

    private GroupPlan() {
    }

    /** Member client indexes of each group; the same seed gives the same groups. */
    static List<int[]> members(GroupSpec spec, int clients, long seed) {
        SplittableRandom r = Seeds.forPurpose(seed, Seeds.GROUPS);
        List<int[]> groups = new ArrayList<>(spec.count());
        int[] pool = new int[clients];
        for (int g = 0; g < spec.count(); g++) {
            int size = spec.minSize() + r.nextInt(spec.maxSize() - spec.minSize() + 1);
            for (int i = 0; i < clients; i++) {
                pool[i] = i;
            }
            // Partial Fisher-Yates: the first `size` slots become a uniform sample.
            for (int i = 0; i < size; i++) {
                int j = i + r.nextInt(clients - i);
                int t = pool[i];
                pool[i] = pool[j];
                pool[j] = t;
            }
            groups.add(java.util.Arrays.copyOf(pool, size));
        }
        return groups;
    }
}

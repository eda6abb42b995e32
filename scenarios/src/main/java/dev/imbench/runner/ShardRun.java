package dev.imbench.runner;

import dev.imbench.sim.load.ShardPlan;
import java.util.Objects;

/**
 * Which shard of a distributed run this process is, and where the shards meet.
 *
 * @param plan  the shard of the population this process runs
 * @param sync  where the shards meet (start, phases, final pull)
 */
public record ShardRun(ShardPlan plan, ShardSync sync) {

    /** A run of one process: every client, started now. */
    public static final ShardRun WHOLE = new ShardRun(ShardPlan.WHOLE, new ShardSync.Alone());

    /** Validates: a shard of several needs a synchronised start. */
    public ShardRun {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(sync, "sync");
        if (plan.partial() && sync instanceof ShardSync.Alone) {
            throw new IllegalArgumentException("--shard " + plan + " needs --start-barrier redis://HOST:PORT/KEY: the shards"
                    + " start, begin their phases and make their final pull together, and the agreed start names the run"
                    + " the merge joins");
        }
    }

    /** Whether this process is one shard of several. */
    public boolean partial() {
        return plan.partial();
    }
}

package dev.imbench.runner;

import dev.imbench.sim.load.ShardPlan;
import java.util.Objects;

/**
 * Which shard of a distributed run this process is, and where the shards meet.
 *
 * @param plan      the shard of the population this process runs
 * @param sync      where the shards meet (start, phases, final pull)
 * @param plantLoss how many pushes from other shards this shard's clients ack and then forget (a planted
 *                  hostile recipient, {@code --plant-loss}), 0 for none
 */
public record ShardRun(ShardPlan plan, ShardSync sync, int plantLoss) {

    /** A run of one process: every client, started now. */
    public static final ShardRun WHOLE = new ShardRun(ShardPlan.WHOLE, new ShardSync.Alone());

    /** A shard without a planted loss. */
    public ShardRun(ShardPlan plan, ShardSync sync) {
        this(plan, sync, 0);
    }

    /** Validates: a shard of several needs a synchronised start; a planted loss needs a shard. */
    public ShardRun {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(sync, "sync");
        if (plantLoss < 0) {
            throw new IllegalArgumentException("--plant-loss counts pushes to drop: >= 0, was " + plantLoss);
        }
        if (plantLoss > 0 && !plan.partial()) {
            throw new IllegalArgumentException("--plant-loss drops pushes of messages sent on other shards: give --shard"
                    + " INDEX/COUNT (a run of one process has no other shard, and would judge the loss itself)");
        }
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

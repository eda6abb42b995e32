package dev.imbench.serverfault;

import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code kill-gate} / {@code kill-logic} (killed at the start, started again on the same ports when
 * lifted) and {@code restart-gate} / {@code restart-logic} (killed and started again at once). The node
 * is the target, or a live one drawn from the fault's seed when applied.
 */
final class NodeKill implements ServerFault {

    private final List<RestartableNode> nodes;
    private final String target;
    private final SplittableRandom choice;
    private final boolean restartAtOnce;
    private RestartableNode hit;

    NodeKill(List<RestartableNode> nodes, String target, SplittableRandom choice, boolean restartAtOnce) {
        this.nodes = nodes;
        this.target = target;
        this.choice = choice;
        this.restartAtOnce = restartAtOnce;
    }

    @Override
    public synchronized String apply() throws Exception {
        hit = pick();
        String how = hit.kill();
        if (restartAtOnce) {
            long t0 = System.nanoTime();
            hit.restart();
            return hit.id() + " killed and started again (" + how + "; back after " + (System.nanoTime() - t0) / 1_000_000
                    + " ms)";
        }
        return hit.id() + " killed (" + how + "; connections reset, its routes expire with presenceTtl)";
    }

    @Override
    public synchronized String lift() throws Exception {
        if (restartAtOnce || hit == null || hit.alive()) {
            return hit == null ? "nothing to undo" : hit.id() + " running";
        }
        hit.restart();
        return hit.id() + " started again on its ports";
    }

    /** The node it killed (null before {@link #apply()}). */
    synchronized RestartableNode hit() {
        return hit;
    }

    private RestartableNode pick() {
        if (!target.isEmpty()) {
            return nodes.stream().filter(n -> n.id().equals(target)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no node " + target + "; nodes: " + nodes));
        }
        List<RestartableNode> live = nodes.stream().filter(RestartableNode::alive).toList();
        if (live.isEmpty()) {
            throw new IllegalStateException("no live node to kill among " + nodes);
        }
        return live.get(choice.nextInt(live.size()));
    }
}

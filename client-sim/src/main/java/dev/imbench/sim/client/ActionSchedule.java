package dev.imbench.sim.client;

import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.load.ArrivalProcess;
import dev.imbench.sim.load.LoadPhase;
import dev.imbench.sim.load.Seeds;
import java.util.SplittableRandom;

/**
 * One client's schedule of actions: when each is intended and what it is (a c2c or c2g message and
 * its target, a c2s report, a periodic pull), a function of the run seed, the client index and the
 * phase starts only. A phase's actions are intended from its start, whenever the client notices the
 * phase, and those intended before the next phase began are drawn first. Used by the client's own
 * thread; {@link #enteredVersion()} may be read by others.
 */
final class ActionSchedule {

    /** What an action is. */
    enum Kind { C2C, C2G, REPORT, PULL, NONE }

    /**
     * One drawn action.
     *
     * @param kind     what to do ({@link Kind#NONE}: nothing, e.g. a group not created yet or no peer)
     * @param target   the ledger target code of a message ({@link DeliveryLedger#c2c}, {@link DeliveryLedger#c2g})
     * @param intended its intended start
     */
    record Action(Kind kind, int target, long intended) {
    }

    private final ClientContext ctx;
    private final int index;
    private final int[] groups;
    private LoadPhase current;
    /** The generator of the current phase's actions (one per client and phase: see {@link Seeds#forClientPhase}). */
    private SplittableRandom actions;
    private long nextNanos = Long.MAX_VALUE;
    private volatile int enteredVersion;

    /** The schedule of client {@code index}, following the phase in force now. */
    ActionSchedule(ClientContext ctx, int index) {
        this.ctx = ctx;
        this.index = index;
        this.groups = ctx.groupsOf(index);
        enter(ctx.phase(), true);
    }

    /** When the next action is intended ({@link Long#MAX_VALUE}: none yet). */
    long nextNanos() {
        return nextNanos;
    }

    /** The phase whose schedule the client follows: the one in force, or an earlier one with actions still due. */
    LoadPhase current() {
        return current;
    }

    /** The version of {@link #current()}, readable from any thread. */
    int enteredVersion() {
        return enteredVersion;
    }

    /**
     * Moves on to the phases started since, once the current one has no action due before the next
     * began; in the closed model, schedules the next message when {@code idle} (no message awaits its ack).
     */
    void follow(long now, boolean idle) {
        LoadPhase latest = ctx.phase();
        while (current.version() < latest.version()) {
            LoadPhase next = ctx.phase(current.version() + 1);
            if (nextNanos < next.startNanos()) {
                return;
            }
            enter(next, idle);
        }
        if (nextNanos == Long.MAX_VALUE && current.profile().isClosed() && idle) {
            nextNanos = next(current, now, false, idle);
        }
    }

    /** In the closed model, the ack of the last message lets the next one be scheduled (after the think time). */
    void acked(long now, boolean idle) {
        if (current.profile().isClosed() && idle) {
            nextNanos = next(current, now, false, idle);
        }
    }

    /** Draws the action intended at {@link #nextNanos()} and schedules the one after it. */
    Action draw(boolean idle) {
        long intended = nextNanos;
        LoadPhase phase = current;
        double f = phase.fraction(intended);
        double c2c = phase.profile().c2cAt(f);
        double c2g = phase.profile().c2gAt(f);
        double flows = phase.profile().clientFlows();
        if (flows > 0) {
            // Drawn only when the phase has c2s or pulls, so a chat-only phase keeps its seed's schedule.
            double u = actions.nextDouble() * (c2c + c2g + flows);
            if (u < flows) {
                nextNanos = next(phase, intended, false, idle);
                return new Action(u < phase.profile().c2s() ? Kind.REPORT : Kind.PULL, 0, intended);
            }
        }
        boolean group = groups.length > 0 && actions.nextDouble() * (c2c + c2g) >= c2c;
        int target;
        if (group) {
            int g = groups[actions.nextInt(groups.length)];
            target = ctx.groups().serverId(g) == 0 ? -1 : DeliveryLedger.c2g(g);
        } else {
            int peer = ctx.clients() < 2 ? -1 : actions.nextInt(ctx.clients() - 1);
            target = peer < 0 ? Integer.MIN_VALUE : DeliveryLedger.c2c(peer >= index ? peer + 1 : peer);
        }
        nextNanos = phase.profile().isClosed() ? Long.MAX_VALUE : next(phase, intended, false, idle);
        if (target == Integer.MIN_VALUE || target == -1 && group) {
            return new Action(Kind.NONE, 0, intended);
        }
        return new Action(group ? Kind.C2G : Kind.C2C, target, intended);
    }

    /** Starts following a phase's schedule, anchored at its start, with the phase's own generator. */
    private void enter(LoadPhase phase, boolean idle) {
        current = phase;
        actions = Seeds.forClientPhase(ctx.seed(), index, phase.version());
        nextNanos = next(phase, phase.startNanos(), true, idle);
        enteredVersion = phase.version();
    }

    private long next(LoadPhase phase, long from, boolean first, boolean idle) {
        long at;
        if (phase.profile().isClosed()) {
            at = idle ? from + (first ? 0 : phase.profile().thinkNanos()) : Long.MAX_VALUE;
        } else {
            double f = phase.fraction(from);
            double rate = (phase.profile().c2cAt(f) + phase.profile().c2gAt(f) + phase.profile().clientFlows())
                    / ctx.clients();
            if (rate <= 0) {
                return Long.MAX_VALUE;
            }
            long gap = phase.profile().process().gapNanos(rate, actions);
            // A constant-rate schedule starts at a random phase so clients do not fire together;
            // a Poisson one is memoryless, so its first gap is a full draw.
            boolean randomPhase = first && phase.profile().process() == ArrivalProcess.CONSTANT;
            at = from + (randomPhase ? (long) (actions.nextDouble() * gap) : gap);
        }
        return at != Long.MAX_VALUE && phase.allows(at) ? at : Long.MAX_VALUE;
    }
}

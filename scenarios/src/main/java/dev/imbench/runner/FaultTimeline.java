package dev.imbench.runner;

import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Plays a scenario's fault timeline on a virtual thread, from the start of the
 * first phase (after the ramp and any warm-up): each step is applied at its
 * time and undone after it lasted; every action taken goes into the event log
 * with its time (and its end, for bands), and into the fault spans of
 * {@code run.json} on the run clock.
 */
final class FaultTimeline {

    private record Action(long atNanos, Runnable run) {
    }

    private final Thread thread;
    private final NetworkPlan network;
    private final EventLog events;
    private final String[] names;
    private final long[] appliedAt;
    private final long[] liftedAt;
    private final List<FaultStep> steps;
    private final long originMs;

    private FaultTimeline(Scenario s, NetworkPlan network, EventLog events, long originMs) {
        this.network = network;
        this.originMs = originMs;
        this.events = events;
        this.steps = s.faults();
        this.names = names(steps);
        this.appliedAt = new long[steps.size()];
        this.liftedAt = new long[steps.size()];
        Arrays.fill(appliedAt, -1);
        Arrays.fill(liftedAt, -1);
        this.thread = steps.isEmpty() ? null : Thread.ofVirtual().name("imbench-fault-timeline").unstarted(play());
    }

    /** Unique fault names: the target (or the action), suffixed -2, -3 … when repeated. */
    static String[] names(List<FaultStep> steps) {
        String[] out = new String[steps.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < out.length; i++) {
            FaultStep f = steps.get(i);
            String base = f.target().isEmpty() ? f.action() : f.target();
            int n = seen.merge(base, 1, Integer::sum);
            out[i] = n == 1 ? base : base + "-" + n;
        }
        return out;
    }

    /** Starts playing the timeline; step times count from {@code originMs} (run-relative, not after now). */
    static FaultTimeline start(Scenario s, NetworkPlan network, EventLog events, long originMs) {
        FaultTimeline t = new FaultTimeline(s, network, events, originMs);
        if (t.thread != null) {
            t.thread.start();
        }
        return t;
    }

    private Runnable play() {
        long origin = System.nanoTime() - Math.max(0, events.now() - originMs) * 1_000_000L;
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            FaultStep f = steps.get(i);
            int index = i;
            int who = network.targetCount(i);
            long at = f.at().toNanos();
            String what = f.target() + " on " + who + " clients (" + Math.round(f.fraction() * 100) + "%)";
            if (f.lasting().isZero()) {
                actions.add(new Action(at, () -> apply(index,
                        () -> events.add("fault", f.target(), "apply " + what + " until the end of the phases"))));
            } else {
                long endMs = originMs + f.at().toMillis() + f.lasting().toMillis();
                actions.add(new Action(at, () -> apply(index, () -> events.addLasting("fault", f.target(),
                        "apply " + what + " for " + f.lasting().toSeconds() + " s", endMs))));
                actions.add(new Action(at + f.lasting().toNanos(), () -> lift(index,
                        () -> events.add("note", f.target(), "removed from " + who + " clients"))));
            }
        }
        actions.sort(Comparator.comparingLong(Action::atNanos));
        return () -> {
            for (Action a : actions) {
                long wait = origin + a.atNanos() - System.nanoTime();
                try {
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                } catch (InterruptedException e) {
                    return; // the phases are over: later steps never happen
                }
                a.run().run();
            }
        };
    }

    /** Applies fault f; its span starts at the time of its event (so run.json and events.jsonl agree). */
    private synchronized void apply(int f, LongSupplier event) {
        network.applyFault(f);
        appliedAt[f] = event.getAsLong();
    }

    private synchronized void lift(int f, LongSupplier event) {
        network.liftFault(f);
        liftedAt[f] = event.getAsLong();
    }

    /**
     * Stops the timeline at the end of the phases: steps still pending are not
     * taken, and faults still in force are lifted, so the drain runs on the
     * scenario's base network (a drain under a fault could not complete).
     *
     * @return every fault that was applied, with when it was applied and lifted (run ms)
     */
    List<WorkloadResult.FaultSpan> finish() throws InterruptedException {
        if (thread == null) {
            return List.of();
        }
        thread.interrupt();
        thread.join();
        network.liftAll();
        events.add("note", "faults", "every fault lifted for the drain");
        List<WorkloadResult.FaultSpan> out = new ArrayList<>();
        synchronized (this) {
            long now = events.now();
            for (int f = 0; f < steps.size(); f++) {
                if (appliedAt[f] >= 0) {
                    out.add(new WorkloadResult.FaultSpan(names[f], steps.get(f).action(), appliedAt[f],
                            liftedAt[f] >= 0 ? liftedAt[f] : now, network.targetCount(f)));
                }
            }
        }
        return out;
    }
}

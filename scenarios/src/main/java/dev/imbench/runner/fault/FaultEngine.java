package dev.imbench.runner.fault;

import dev.imbench.runner.EventLog;
import dev.imbench.runner.WorkloadResult;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.Scenario;
import dev.imbench.reports.summary.SloPaths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Plays a scenario's fault timeline, the one way faults happen in a run. Each fault is applied at its
 * {@code at} (counted from the first measured phase) and lifted after {@code lasting}, or at the end
 * of the phases when it has none or lasts longer: {@link #finish()} lifts everything still in force
 * before the drain. Every apply and lift is a {@code fault} event of {@code events.jsonl} (the lift's
 * detail starts with "removed"), and every fault applied is a span of {@code run.json} on the times of
 * those events. An action that throws makes the run broken once every fault is lifted.
 */
public final class FaultEngine {

    private record Timed(long atMs, int fault, boolean apply) {
    }

    private final Scenario scenario;
    private final EventLog events;
    private final FaultClock clock;
    private final List<String> names;
    private final FaultAction[] actions;
    private final FaultContext[] contexts;
    private final long[] appliedAt;
    private final long[] liftedAt;
    private final List<Integer> inForce = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Thread thread;

    /**
     * An engine for the scenario's faults; nothing happens before {@link #start}.
     *
     * @throws IllegalArgumentException when a fault's action is not implemented
     */
    public FaultEngine(Scenario scenario, ClientNetwork clients, ServerTopology server, EventLog events, FaultClock clock) {
        this.scenario = scenario;
        this.events = events;
        this.clock = clock;
        List<FaultStep> steps = scenario.faults();
        this.names = names(steps);
        this.actions = new FaultAction[steps.size()];
        this.contexts = new FaultContext[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            actions[i] = FaultActions.kind(steps.get(i).action()).create(steps.get(i));
            contexts[i] = new FaultContext(i, names.get(i), steps.get(i), scenario, clients, server, events);
        }
        this.appliedAt = new long[steps.size()];
        this.liftedAt = new long[steps.size()];
        Arrays.fill(appliedAt, -1);
        Arrays.fill(liftedAt, -1);
    }

    /** Unique fault names: the target (or the action), suffixed -2, -3 … when repeated (as run.json has them). */
    public static List<String> names(List<FaultStep> steps) {
        return SloPaths.unique(steps.stream().map(FaultStep::baseName).toList());
    }

    /** Starts playing on its own platform thread; fault times count from {@code originMs} on the run clock. */
    public synchronized void start(long originMs) {
        if (thread != null || actions.length == 0) {
            return;
        }
        List<Timed> timeline = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            FaultStep f = scenario.faults().get(i);
            long at = originMs + f.at().toMillis();
            timeline.add(new Timed(at, i, true));
            if (!f.lasting().isZero()) {
                timeline.add(new Timed(at + f.lasting().toMillis(), i, false));
            }
        }
        // At one instant, lifts go first: a fault that ends as another starts does not overlap it.
        timeline.sort(Comparator.comparingLong(Timed::atMs).thenComparing(Timed::apply));
        // A platform thread: thousands of virtual clients keep the carrier threads busy on a loaded machine, and a
        // virtual one woke seconds late (a 20 s cut began 5 to 7 s after its time, so it lasted 13 to 15 s).
        thread = Thread.ofPlatform().daemon().name("imbench-faults").start(() -> play(timeline, originMs));
    }

    private void play(List<Timed> timeline, long originMs) {
        for (Timed t : timeline) {
            try {
                clock.sleepUntil(t.atMs());
            } catch (InterruptedException e) {
                return; // the phases are over: later steps never happen
            }
            if (t.apply()) {
                apply(t.fault(), originMs);
            } else {
                lift(t.fault());
            }
        }
    }

    private synchronized void apply(int f, long originMs) {
        FaultStep step = scenario.faults().get(f);
        String detail;
        try {
            detail = actions[f].apply(contexts[f]);
        } catch (Exception e) {
            fail(f, "apply", e);
            return;
        }
        inForce.add(f);
        if (step.lasting().isZero()) {
            appliedAt[f] = events.add("fault", names.get(f), detail + ", until the end of the phases");
        } else {
            long end = originMs + step.at().toMillis() + step.lasting().toMillis();
            appliedAt[f] = events.addLasting("fault", names.get(f), detail + ", for "
                    + dev.imbench.scenario.Durations.format(step.lasting()), end);
        }
    }

    private synchronized void lift(int f) {
        if (!inForce.remove((Integer) f)) {
            return;
        }
        try {
            String detail = actions[f].lift(contexts[f]);
            liftedAt[f] = events.add("fault", names.get(f), "removed — " + detail);
        } catch (Exception e) {
            liftedAt[f] = clock.nowMs();
            fail(f, "lift", e);
        }
    }

    private void fail(int f, String what, Exception e) {
        String why = names.get(f) + " (" + scenario.faults().get(f).action() + ") could not " + what + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        failures.add(why);
        events.add("note", names.get(f), "failed: " + why);
    }

    /** How many faults are in force now. */
    public synchronized int inForce() {
        return inForce.size();
    }

    /**
     * Ends the timeline at the end of the phases: steps still pending never happen, and faults still in
     * force are lifted (last applied first), so the drain runs without faults.
     *
     * @return every fault that was applied, with when it was applied and lifted (run ms)
     * @throws IllegalStateException when an action failed (after everything was lifted): the run is broken
     */
    public List<WorkloadResult.FaultSpan> finish() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            t.join();
        }
        List<WorkloadResult.FaultSpan> out = new ArrayList<>();
        synchronized (this) {
            boolean any = !inForce.isEmpty();
            for (int i = inForce.size() - 1; i >= 0; i--) {
                lift(inForce.get(i));
            }
            if (any) {
                events.add("note", "faults", "every fault lifted for the drain");
            }
            for (int f = 0; f < actions.length; f++) {
                if (appliedAt[f] >= 0) {
                    out.add(new WorkloadResult.FaultSpan(names.get(f), scenario.faults().get(f).action(), appliedAt[f],
                            Math.max(appliedAt[f], liftedAt[f]), contexts[f].clients().clients(f)));
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a fault action failed, so the run cannot be trusted: "
                        + String.join("; ", failures));
            }
        }
        return out;
    }
}

package dev.imbench.runner;

import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plays a scenario's fault timeline on a virtual thread, from the end of the
 * ramp: each step is applied at its time and undone after it lasted, and every
 * action taken goes into the event log with its time (and its end, for bands).
 */
final class FaultTimeline {

    private record Action(long atNanos, Runnable run) {
    }

    private FaultTimeline() {
    }

    /** Starts playing the timeline now; returns the thread (null when there is nothing to play). */
    static Thread start(Scenario s, NetworkPlan network, EventLog events) {
        if (s.faults().isEmpty()) {
            return null;
        }
        long origin = System.nanoTime();
        long originMs = events.now();
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < s.faults().size(); i++) {
            FaultStep f = s.faults().get(i);
            int index = i;
            int who = network.targetCount(i);
            long at = f.at().toNanos();
            String what = f.target() + " on " + who + " clients (" + Math.round(f.fraction() * 100) + "%)";
            if (f.lasting().isZero()) {
                actions.add(new Action(at, () -> {
                    network.applyFault(index);
                    events.add("fault", f.target(), "apply " + what + " until the end of the phases");
                }));
            } else {
                long endMs = originMs + f.at().toMillis() + f.lasting().toMillis();
                actions.add(new Action(at, () -> {
                    network.applyFault(index);
                    events.addLasting("fault", f.target(), "apply " + what + " for " + f.lasting().toSeconds() + " s", endMs);
                }));
                actions.add(new Action(at + f.lasting().toNanos(), () -> {
                    network.liftFault(index);
                    events.add("note", f.target(), "removed from " + who + " clients");
                }));
            }
        }
        actions.sort(Comparator.comparingLong(Action::atNanos));
        return Thread.ofVirtual().name("imbench-fault-timeline").start(() -> {
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
        });
    }

    /**
     * Stops the timeline at the end of the phases: steps still pending are not
     * taken, and faults still in force are lifted, so the drain runs on the
     * scenario's base network (a drain under a fault could not complete).
     */
    static void finish(Thread timeline, NetworkPlan network, EventLog events) throws InterruptedException {
        if (timeline != null) {
            timeline.interrupt();
            timeline.join();
            network.liftAll();
            events.add("note", "faults", "every fault lifted for the drain");
        }
    }
}

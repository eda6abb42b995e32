package dev.imbench.chaos.timeline;

import dev.imbench.chaos.profile.Profiles;
import java.util.function.Consumer;

/**
 * Performs a timeline's actions at their times on a virtual thread and reports each one (the runner
 * appends them to events.jsonl). A failing action is reported as a {@code note} and the timeline
 * goes on.
 */
public final class TimelineExecutor implements AutoCloseable {

    private final FaultTimeline timeline;
    private final FaultControl control;
    private final Consumer<FaultEvent> listener;
    private final TimelineClock clock;
    private Thread thread;

    /**
     * @param timeline what to do
     * @param control  who does it
     * @param listener receives each performed action
     * @param clock    run-relative time
     */
    public TimelineExecutor(FaultTimeline timeline, FaultControl control, Consumer<FaultEvent> listener, TimelineClock clock) {
        this.timeline = timeline;
        this.control = control;
        this.listener = listener;
        this.clock = clock;
    }

    /** Starts performing actions in the background. */
    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("fault-timeline").start(this::run);
        }
    }

    /** Runs every action in the calling thread; returns when the last one is done. */
    public void run() {
        for (int i = 0; i < timeline.actions().size(); i++) {
            FaultTimeline.Timed timed = timeline.actions().get(i);
            try {
                clock.sleepUntil(timed.atMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            listener.accept(perform(timed.action(), clock.nowMs(), timeline.endOf(i)));
        }
    }

    private FaultEvent perform(FaultAction action, long t, java.util.OptionalLong end) {
        try {
            String detail = switch (action) {
                case FaultAction.ApplyProfile a -> {
                    control.applyProfile(Profiles.get(a.profile()), a.fraction());
                    yield "apply to " + Math.round(a.fraction() * 100) + "% of clients";
                }
                case FaultAction.RemoveProfile r -> {
                    control.removeProfile(r.profile());
                    yield "removed";
                }
                case FaultAction.ProxyDown d -> {
                    control.proxyDown(d.proxy());
                    yield "proxy " + d.proxy() + " down";
                }
                case FaultAction.ProxyUp u -> {
                    control.proxyUp(u.proxy());
                    yield "removed";
                }
                case FaultAction.Kill k -> {
                    control.kill(k.target());
                    yield "kill";
                }
                case FaultAction.Restart r -> {
                    control.restart(r.target());
                    yield "restart";
                }
                case FaultAction.CutPath c -> {
                    control.cutPath(c.dependency());
                    yield "path to " + c.dependency() + " cut";
                }
                case FaultAction.RestorePath r -> {
                    control.restorePath(r.dependency());
                    yield "removed";
                }
            };
            String type = action instanceof FaultAction.Kill || action instanceof FaultAction.Restart ? "kill" : "fault";
            return new FaultEvent(t, type, action.name(), detail, end);
        } catch (Exception e) {
            return new FaultEvent(t, "note", action.name(), "failed: " + action + ": " + e.getMessage(), java.util.OptionalLong.empty());
        }
    }

    /** Stops performing further actions. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}

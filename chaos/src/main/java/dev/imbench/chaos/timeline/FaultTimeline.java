package dev.imbench.chaos.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Fault actions at run-relative times, sorted by time (stable for equal times).
 *
 * @param actions the timed actions
 */
public record FaultTimeline(List<Timed> actions) {

    /**
     * One action at a time.
     *
     * @param atMs   run-relative milliseconds, >= 0
     * @param action the action
     */
    public record Timed(long atMs, FaultAction action) {
        /** Validates the time. */
        public Timed {
            if (atMs < 0) {
                throw new IllegalArgumentException("action time must be >= 0 ms, got " + atMs);
            }
            if (action == null) {
                throw new IllegalArgumentException("action missing at " + atMs + " ms");
            }
        }
    }

    /** Sorts by time. */
    public FaultTimeline {
        List<Timed> sorted = new ArrayList<>(actions);
        sorted.sort(Comparator.comparingLong(Timed::atMs));
        actions = List.copyOf(sorted);
    }

    /** An empty timeline. */
    public static FaultTimeline empty() {
        return new FaultTimeline(List.of());
    }

    /** When the fault started by action {@code index} ends (its next matching ending action), if known. */
    public OptionalLong endOf(int index) {
        FaultAction a = actions.get(index).action();
        if (a.ends()) {
            return OptionalLong.empty();
        }
        for (int i = index + 1; i < actions.size(); i++) {
            FaultAction b = actions.get(i).action();
            if (b.ends() && b.name().equals(a.name())) {
                return OptionalLong.of(actions.get(i).atMs());
            }
        }
        return OptionalLong.empty();
    }
}

package dev.imbench.sim.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The phases of a run on its {@link System#nanoTime()} clock, as the runner
 * announced them, and what the generator did in each: send actions offered
 * (by intended start) and achieved (by first send), and the schedule lag.
 * Appended by one thread, read by every client thread without locking.
 */
public final class PhaseBook {

    /** Name of the phase in force before the runner names one. */
    public static final String UNNAMED = "run";

    /**
     * One phase and its generator counters.
     *
     * @param name       the phase name
     * @param startNanos its start on the nanoTime clock
     * @param warmup     whether its samples are a warm-up (kept out of the measured tags)
     */
    public record Entry(String name, long startNanos, boolean warmup, Load load) {
    }

    /** The generator's counters of one phase. */
    public static final class Load {
        private final LongAdder offeredC2c = new LongAdder();
        private final LongAdder offeredC2g = new LongAdder();
        private final LongAdder achieved = new LongAdder();
        private final Histogram lag = new ConcurrentHistogram(1, LatencyRecorder.HIGHEST_MICROS, LatencyRecorder.DIGITS);

        void offered(boolean group, long n) {
            (group ? offeredC2g : offeredC2c).add(n);
        }

        void countAchieved() {
            achieved.increment();
        }

        void lag(long micros) {
            lag.recordValue(Math.max(1, Math.min(LatencyRecorder.HIGHEST_MICROS, micros)));
        }

        /** Send actions intended in the phase. */
        public long offered() {
            return offeredC2c.sum() + offeredC2g.sum();
        }

        /** Send actions whose first send happened in the phase. */
        public long achieved() {
            return achieved.sum();
        }

        /** The schedule lag of the sends of the phase, µs (copy). */
        public Histogram lag() {
            return lag.copy();
        }
    }

    private volatile Entry[] entries;
    private boolean named;

    /** A book whose first (unnamed, measured) phase starts at {@code originNanos}. */
    public PhaseBook(long originNanos) {
        this.entries = new Entry[] {new Entry(UNNAMED, originNanos, false, new Load())};
    }

    /** Starts a phase at {@code startNanos}; the first named phase replaces the unnamed one. */
    synchronized void begin(String name, boolean warmup, long startNanos) {
        Entry[] old = entries;
        if (!named && old.length == 1) {
            // Keeps the unnamed phase's counters (anything before belongs to the first phase) but its own start,
            // so the spans match the runner's run.json.
            entries = new Entry[] {new Entry(name, startNanos, warmup, old[0].load())};
        } else {
            Entry[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = new Entry(name, startNanos, warmup, new Load());
            entries = next;
        }
        named = true;
    }

    /** The index of the phase in force at {@code nanos} (times before the first phase belong to it). */
    public int indexAt(long nanos) {
        Entry[] e = entries;
        for (int i = e.length - 1; i > 0; i--) {
            if (nanos >= e[i].startNanos()) {
                return i;
            }
        }
        return 0;
    }

    /** The phase in force at {@code nanos}. */
    public Entry at(long nanos) {
        return entries[indexAt(nanos)];
    }

    /** Whether {@code nanos} lies in a warm-up phase. */
    public boolean warmupAt(long nanos) {
        return at(nanos).warmup();
    }

    /** The phase in force now. */
    public Entry current() {
        Entry[] e = entries;
        return e[e.length - 1];
    }

    /** Every phase so far, in order. */
    public List<Entry> entries() {
        return List.of(entries);
    }

    /**
     * The phases as run-relative millisecond spans; the last one ends at {@code endNanos}.
     *
     * @param originNanos the run's start
     */
    public List<Span> spans(long originNanos, long endNanos) {
        Entry[] e = entries;
        List<Span> out = new ArrayList<>(e.length);
        for (int i = 0; i < e.length; i++) {
            long end = i + 1 < e.length ? e[i + 1].startNanos() : Math.max(endNanos, e[i].startNanos());
            out.add(new Span(e[i].name(), Math.max(0, (e[i].startNanos() - originNanos) / 1_000_000),
                    (end - originNanos) / 1_000_000, e[i].warmup()));
        }
        return out;
    }

    /**
     * A phase on the run clock.
     *
     * @param name    the phase name
     * @param startMs run-relative start
     * @param endMs   run-relative end
     * @param warmup  whether it is a warm-up
     */
    public record Span(String name, long startMs, long endMs, boolean warmup) {
    }
}

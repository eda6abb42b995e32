package dev.imbench.sim.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.LongToIntFunction;

/**
 * How the checker splits a run's deliveries: by phase (of the message's
 * intended send), by network slice (per-message counts by the sender's slice,
 * per-recipient counts by the recipient's), and before / during / after each
 * fault window (by intended send). An unexpected arrival, which has no
 * intended send, counts by its arrival time.
 *
 * @param phases      the phase names in order
 * @param phaseOf     the index in {@code phases} of the phase in force at a {@link System#nanoTime()}
 * @param originNanos the run's start on that clock (fault windows count from it)
 * @param sliceOf     the network slice (profile name) of a client index, null for none
 * @param faults      the fault windows as they happened, run-relative ms
 */
public record Breakdown(List<String> phases, LongToIntFunction phaseOf, long originNanos, IntFunction<String> sliceOf,
                        List<Window> faults) {

    /** The key of clients in no network slice. */
    public static final String NO_SLICE = "none";
    /** No breakdown: only the whole-run counts. */
    public static final Breakdown NONE = new Breakdown(List.of(), t -> 0, 0, i -> null, List.of());

    /** Copies the lists. */
    public Breakdown {
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
    }

    /**
     * A fault window.
     *
     * @param name    the fault name
     * @param startMs run-relative start
     * @param endMs   run-relative end
     * @param clients the client indexes it concerned (every client for a server-side fault)
     */
    public record Window(String name, long startMs, long endMs, IntPredicate clients) {

        /** A window that concerned every client. */
        public Window(String name, long startMs, long endMs) {
            this(name, startMs, endMs, c -> true);
        }
    }

    /** The counts the checker fills, per key. */
    final class Tally {
        final DeliveryCounts[] byPhase = counts(phases.size());
        final Map<String, DeliveryCounts> bySlice = new LinkedHashMap<>();
        final DeliveryCounts[][] byFault = new DeliveryCounts[faults.size()][];
        /** Per fault: the first ack after its end of a send by a client it concerned (run ms), MAX_VALUE: none. */
        private final long[] firstAckAfterEnd = new long[faults.size()];
        /** Per fault: the last arrival of a message intended during it, to or from a client it concerned (run ms). */
        private final long[] lastBacklogArrival = new long[faults.size()];
        private final long[] backlogMessages = new long[faults.size()];
        private final List<DeliveryCounts> scratch = new ArrayList<>();

        Tally() {
            for (int f = 0; f < faults.size(); f++) {
                byFault[f] = counts(3);
            }
            java.util.Arrays.fill(firstAckAfterEnd, Long.MAX_VALUE);
            java.util.Arrays.fill(lastBacklogArrival, -1);
        }

        /** A send by {@code sender} was acked at {@code ackNanos}. */
        void acked(int sender, long ackNanos) {
            long ms = Math.floorDiv(ackNanos - originNanos, 1_000_000L);
            for (int f = 0; f < firstAckAfterEnd.length; f++) {
                Window w = faults.get(f);
                if (ms >= w.endMs() && ms < firstAckAfterEnd[f] && w.clients().test(sender)) {
                    firstAckAfterEnd[f] = ms;
                }
            }
        }

        /** A message intended at {@code intendedNanos} from {@code sender} reached {@code recipient} at {@code arrivalMs}. */
        void arrived(long intendedNanos, int sender, int recipient, long arrivalMs) {
            long ms = Math.floorDiv(intendedNanos - originNanos, 1_000_000L);
            for (int f = 0; f < lastBacklogArrival.length; f++) {
                Window w = faults.get(f);
                if (ms >= w.startMs() && ms < w.endMs() && (w.clients().test(sender) || w.clients().test(recipient))) {
                    backlogMessages[f]++;
                    lastBacklogArrival[f] = Math.max(lastBacklogArrival[f], arrivalMs);
                }
            }
        }

        /** The counts a time (nanoTime) and a client's slice fall into (reused list). */
        List<DeliveryCounts> at(long nanos, int client) {
            scratch.clear();
            if (byPhase.length > 0) {
                scratch.add(byPhase[Math.max(0, Math.min(byPhase.length - 1, phaseOf.applyAsInt(nanos)))]);
            }
            long ms = Math.floorDiv(nanos - originNanos, 1_000_000L);
            String slice = sliceOf.apply(client);
            scratch.add(bySlice.computeIfAbsent(slice == null ? NO_SLICE : slice, k -> new DeliveryCounts()));
            for (int f = 0; f < byFault.length; f++) {
                Window w = faults.get(f);
                scratch.add(byFault[f][ms < w.startMs() ? 0 : ms < w.endMs() ? 1 : 2]);
            }
            return scratch;
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, DeliveryCounts> p = new LinkedHashMap<>();
            for (int i = 0; i < byPhase.length; i++) {
                // Phases that share a name (two "steady" stretches) are added up under it.
                p.computeIfAbsent(phases.get(i), k -> new DeliveryCounts()).add(byPhase[i]);
            }
            m.put("byPhase", json(p));
            m.put("bySlice", json(bySlice));
            Map<String, Object> f = new LinkedHashMap<>();
            for (int i = 0; i < byFault.length; i++) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("before", byFault[i][0].toJson());
                w.put("during", byFault[i][1].toJson());
                w.put("after", byFault[i][2].toJson());
                Window win = faults.get(i);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("firstAckMs", firstAckAfterEnd[i] == Long.MAX_VALUE ? -1 : firstAckAfterEnd[i] - win.endMs());
                r.put("backlogMessages", backlogMessages[i]);
                r.put("backlogMs", lastBacklogArrival[i] < 0 ? -1 : Math.max(0, lastBacklogArrival[i] - win.endMs()));
                w.put("recovery", r);
                f.put(win.name(), w);
            }
            m.put("byFault", f);
            return m;
        }

        private static Map<String, Object> json(Map<String, DeliveryCounts> counts) {
            Map<String, Object> m = new LinkedHashMap<>();
            counts.forEach((k, v) -> m.put(k, v.toJson()));
            return m;
        }

        private static DeliveryCounts[] counts(int n) {
            DeliveryCounts[] c = new DeliveryCounts[n];
            for (int i = 0; i < n; i++) {
                c[i] = new DeliveryCounts();
            }
            return c;
        }
    }
}

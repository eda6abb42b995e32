package dev.imbench.runner;

import dev.imbench.chaos.profile.Profiles;
import dev.imbench.chaos.toxic.ToxicHandler;
import dev.imbench.chaos.toxic.ToxicInstaller;
import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.NetworkSlice;
import dev.imbench.scenario.Scenario;
import dev.imbench.sim.transport.PipelineHook;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which toxics each client's connection carries: its weak-network slice for
 * the whole run, plus any profile the fault timeline lays over it for a while.
 * Slices and fault targets are chosen by seed. Only clients that a slice or a
 * fault can touch get a {@link ToxicHandler}; the others run untouched. A
 * fault changes the toxics of live connections too ({@link ToxicHandler#update}).
 */
final class NetworkPlan {

    private final long seed;
    private final AtomicReferenceArray<List<ToxicSpec>> base;
    private final AtomicReferenceArray<List<ToxicSpec>> effective;
    private final AtomicIntegerArray connections;
    private final AtomicReferenceArray<ToxicHandler> live;
    private final boolean[] touched;

    NetworkPlan(Scenario s) {
        int n = s.population().clients();
        this.seed = s.seed();
        this.base = new AtomicReferenceArray<>(n);
        this.effective = new AtomicReferenceArray<>(n);
        this.connections = new AtomicIntegerArray(n);
        this.live = new AtomicReferenceArray<>(n);
        this.touched = new boolean[n];
        SplittableRandom r = new SplittableRandom(seed ^ 0x3C6EF372FE94F82BL);
        for (int i = 0; i < n; i++) {
            double draw = r.nextDouble();
            double acc = 0;
            List<ToxicSpec> mine = List.of();
            for (NetworkSlice slice : s.network()) {
                acc += slice.fraction();
                if (draw < acc) {
                    mine = Profiles.get(slice.profile()).toxics();
                    touched[i] = true;
                    break;
                }
            }
            base.set(i, mine);
            effective.set(i, mine);
        }
        for (int f = 0; f < s.faults().size(); f++) {
            for (int i : targets(s.faults().get(f), f)) {
                touched[i] = true;
            }
        }
    }

    /** Whether the scenario puts any toxic on any client. */
    boolean active() {
        for (boolean t : touched) {
            if (t) {
                return true;
            }
        }
        return false;
    }

    /** Number of clients in a weak-network slice from the start. */
    int sliced() {
        int c = 0;
        for (int i = 0; i < base.length(); i++) {
            c += base.get(i).isEmpty() ? 0 : 1;
        }
        return c;
    }

    /** The clients a fault step concerns, chosen by seed and step index. */
    int[] targets(FaultStep step, int index) {
        SplittableRandom r = new SplittableRandom(seed * 31 + index * 0x9E3779B97F4A7C15L);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < base.length(); i++) {
            if (r.nextDouble() < step.fraction()) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Lays a profile over the given clients' connections (live ones included). */
    void overlay(int[] clients, String profile) {
        List<ToxicSpec> extra = Profiles.get(profile).toxics();
        for (int i : clients) {
            List<ToxicSpec> both = new ArrayList<>(base.get(i));
            both.addAll(extra);
            set(i, List.copyOf(both));
        }
    }

    private void set(int client, List<ToxicSpec> toxics) {
        effective.set(client, toxics);
        ToxicHandler h = live.get(client);
        if (h != null) {
            h.update(toxics);
        }
    }

    /** Takes an overlay away again. */
    void restore(int[] clients) {
        for (int i : clients) {
            set(i, base.get(i));
        }
    }

    /** Takes every overlay away (the phases are over; the drain runs on the base network). */
    void restoreAll() {
        for (int i = 0; i < base.length(); i++) {
            if (touched[i]) {
                set(i, base.get(i));
            }
        }
    }

    /** The local transport's hook: a toxic handler on the connections of touched clients. */
    PipelineHook hook() {
        return (pipeline, index) -> {
            if (touched[index]) {
                int k = connections.incrementAndGet(index);
                SplittableRandom r = new SplittableRandom(seed ^ (index * 0xBF58476D1CE4E5B9L) ^ (k * 0x94D049BB133111EBL));
                List<ToxicSpec> now = effective.get(index);
                ToxicHandler h = ToxicInstaller.install(pipeline, now, r);
                live.set(index, h);
                // A fault may have changed this client's toxics while the handler was being made.
                if (effective.get(index) != now) {
                    h.update(effective.get(index));
                }
            }
        };
    }
}

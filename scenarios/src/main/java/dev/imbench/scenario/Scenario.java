package dev.imbench.scenario;

import dev.imbench.reports.summary.Slo;
import java.time.Duration;
import dev.imbench.chaos.profile.Profiles;
import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.List;
import java.util.Map;

/**
 * One experiment, fully resolved and validated. Build it from YAML with
 * {@link ScenarioLoader}; every list is immutable.
 *
 * @param name         short name, used in run ids
 * @param description  one line for people
 * @param seed         the run seed: every random choice derives from it
 * @param population   the virtual clients
 * @param groups       the chat groups
 * @param phases       what happens after the ramp, in order
 * @param network      weak-network slices
 * @param faults       the fault timeline
 * @param server       the target server and its settings
 * @param slos         checks that decide the exit code
 * @param drainTimeout how long the drain may take before the verdict is "incomplete"
 * @param warmup       length of the warm-up run before the phases (zero: none), see {@link #warmupPhase()}
 * @param generator    when the run counts as generator-bound
 * @param profiles     the scenario's own weak-network profiles, name to toxics ({@code profiles:})
 */
public record Scenario(String name, String description, long seed, Population population, GroupSpec groups,
                       List<Phase> phases, List<NetworkSlice> network, List<FaultStep> faults,
                       ServerSettings server, List<Slo> slos, Duration drainTimeout, Duration warmup,
                       GeneratorLimits generator, Map<String, List<ToxicSpec>> profiles) {

    /** The name of the warm-up phase. */
    public static final String WARMUP = "warmup";

    /** Copies the lists. */
    public Scenario {
        phases = List.copyOf(phases);
        network = List.copyOf(network);
        faults = List.copyOf(faults);
        slos = List.copyOf(slos);
        profiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(profiles));
    }

    /** The toxics of a profile: the scenario's own, else the built-in one of that name. */
    public List<ToxicSpec> profileToxics(String profile) {
        List<ToxicSpec> own = profiles.get(profile);
        return own != null ? own : Profiles.get(profile).toxics();
    }

    /** The toxics of a network slice. */
    public List<ToxicSpec> sliceToxics(NetworkSlice slice) {
        return slice.inline() ? slice.toxics() : profileToxics(slice.profile());
    }

    /** Total planned duration of the phases (ramp and drain excluded). */
    public Duration phasesDuration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The same scenario with another seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, description, newSeed, population, groups, phases, network, faults, server, slos,
                drainTimeout, warmup, generator, profiles);
    }

    /**
     * The warm-up phase run before the first phase, or null when {@code warmup}
     * is zero: named {@value #WARMUP}, lasting {@code warmup}, with the c2c and c2g
     * rates of the first phase and no kickouts, churn or background periods. Its
     * samples are tagged {@code warmup-…} and kept out of the verdict.
     */
    public Phase warmupPhase() {
        if (warmup.isZero()) {
            return null;
        }
        Rates r = phases.get(0).rates();
        return new Phase(WARMUP, warmup, new Rates(r.c2c(), r.c2g(), 0, 0, 0, 0), 0, 0);
    }
}

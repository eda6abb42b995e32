package dev.imbench.scenario;

import dev.imbench.reports.summary.Slo;
import java.time.Duration;
import java.util.List;

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
 */
public record Scenario(String name, String description, long seed, Population population, GroupSpec groups,
                       List<Phase> phases, List<NetworkSlice> network, List<FaultStep> faults,
                       ServerSettings server, List<Slo> slos, Duration drainTimeout) {

    /** Copies the lists. */
    public Scenario {
        phases = List.copyOf(phases);
        network = List.copyOf(network);
        faults = List.copyOf(faults);
        slos = List.copyOf(slos);
    }

    /** Total planned duration of the phases (ramp and drain excluded). */
    public Duration phasesDuration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** The same scenario with another seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, description, newSeed, population, groups, phases, network, faults, server, slos,
                drainTimeout);
    }
}

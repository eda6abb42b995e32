package dev.imbench.runner.fault;

import dev.imbench.runner.EventLog;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.Scenario;
import dev.imbench.sim.load.Seeds;
import java.util.SplittableRandom;

/**
 * What an action may use while it applies or lifts its fault.
 *
 * @param index    the fault's place in the scenario's {@code faults:} list (the index {@link ClientNetwork} takes)
 * @param name     its unique name in the run (run.json {@code faults}, summary {@code fault.<name>})
 * @param step     the fault as the scenario wrote it (target, fraction, toxics, options)
 * @param scenario the whole scenario (its seed, server settings, profiles)
 * @param clients  the clients' network
 * @param server   the server the run started
 * @param events   the run's event log, for what happens between apply and lift ({@code note}, {@code kill})
 */
public record FaultContext(int index, String name, FaultStep step, Scenario scenario, ClientNetwork clients,
                           ServerTopology server, EventLog events) {

    /**
     * The generator of this fault's choices (which gate it kills when the scenario names none, …):
     * derived from the run seed and the fault's index through {@link Seeds}, so the same seed hits the
     * same things. A new generator on each call, starting from the same state.
     */
    public SplittableRandom random() {
        return Seeds.forPurpose(scenario.seed(), Seeds.FAULT_CHOICES, index);
    }

    /** Writes a {@code note} about this fault now; returns its run-relative time. */
    public long note(String detail) {
        return events.add("note", name, detail);
    }
}

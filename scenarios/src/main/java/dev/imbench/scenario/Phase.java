package dev.imbench.scenario;

import java.time.Duration;

/**
 * One stretch of the run after the ramp and before the drain.
 *
 * @param name            shown in reports and the event log
 * @param duration        how long the phase lasts
 * @param rates           what clients do during it
 * @param churnPerSec     fraction of the online clients that disconnect and reconnect, per second
 * @param offlineFraction fraction of the clients that go to background (offline) for the whole phase
 */
public record Phase(String name, Duration duration, Rates rates, double churnPerSec, double offlineFraction) {
}

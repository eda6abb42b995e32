package dev.imbench.scenario;

import java.time.Duration;

/**
 * One action of the fault timeline.
 *
 * @param at       when, from the start of the first phase (after the ramp and any warm-up)
 * @param action   what: {@code profile}, {@code proxy-down}, {@code kill-gate}, {@code cut-mysql}, {@code cut-redis}
 * @param target   the profile name or process the action concerns (may be empty)
 * @param fraction share of clients concerned, 0..1 (for profiles)
 * @param lasting  how long until the action is undone (zero: until the end of the run)
 */
public record FaultStep(Duration at, String action, String target, double fraction, Duration lasting) {
}

package dev.imbench.scenario;

import java.time.Duration;

/**
 * When a run counts as generator-bound (the simulator, not the server, was the
 * bottleneck): fewer send actions achieved than {@code minAchievedFraction} of
 * those offered, or a schedule lag p99 above {@code maxLagP99}. The runner
 * copies them into {@code run.json} {@code judge.generator}.
 *
 * @param minAchievedFraction achieved / offered below this is generator-bound (0..1)
 * @param maxLagP99           a schedule-lag p99 above this is generator-bound
 */
public record GeneratorLimits(double minAchievedFraction, Duration maxLagP99) {

    /** The defaults: 95 % achieved, lag p99 100 ms. */
    public static final GeneratorLimits DEFAULTS = new GeneratorLimits(0.95, Duration.ofMillis(100));
}

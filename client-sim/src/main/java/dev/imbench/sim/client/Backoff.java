package dev.imbench.sim.client;

import java.util.SplittableRandom;

/**
 * Capped exponential backoff with jitter: attempt n waits a uniformly drawn
 * time in [d/2, d] where d = min(cap, initial * 2^n).
 *
 * @param initialNanos first delay
 * @param capNanos     largest delay
 */
public record Backoff(long initialNanos, long capNanos) {

    /** Validates the bounds. */
    public Backoff {
        if (initialNanos <= 0 || capNanos < initialNanos) {
            throw new IllegalArgumentException("need 0 < initial <= cap");
        }
    }

    /** The delay before retry number {@code attempt} (from 0). */
    public long delayNanos(int attempt, SplittableRandom random) {
        long d = initialNanos << Math.min(attempt, 30);
        if (d <= 0 || d > capNanos) {
            d = capNanos;
        }
        return d / 2 + random.nextLong(d / 2 + 1);
    }
}

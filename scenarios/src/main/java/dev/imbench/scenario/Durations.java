package dev.imbench.scenario;

import dev.imbench.server.DurationText;
import java.time.Duration;

/**
 * Scenario durations: exactly {@link DurationText}'s rule, the one every imbench configuration uses
 * ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code PT30S}; a bare number is refused).
 * Kept as the scenario package's entry point; it parses nothing itself.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String text) {
        return DurationText.parse(text);
    }

    /** Formats a duration the way it parses back ({@code 1500ms}, {@code 30s}). */
    public static String format(Duration d) {
        return DurationText.format(d);
    }
}

package dev.imbench.scenario;

/**
 * A scenario that cannot be used: the message names the file, the line and
 * what was expected, e.g. {@code c2c.yaml:12: population.clients: expected a
 * whole number from 1 to 2000000, got "many"}.
 */
public final class ScenarioException extends RuntimeException {

    /** A failure with a complete, user-facing message. */
    public ScenarioException(String message) {
        super(message);
    }
}

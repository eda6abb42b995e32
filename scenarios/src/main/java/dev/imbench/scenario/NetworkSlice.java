package dev.imbench.scenario;

import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.List;

/**
 * A weak network on a fraction of the clients for the whole run: a named profile, or toxics written
 * inline in the scenario.
 *
 * @param name     the profile's name (built in or from the scenario's {@code profiles:}), or
 *                 {@code inline-<n>} for the n-th slice (from 1) when it lists toxics
 * @param fraction share of clients, 0..1 (chosen by seed)
 * @param toxics   the inline toxics (empty for a named profile)
 */
public record NetworkSlice(String name, double fraction, List<ToxicSpec> toxics) {

    /** The name prefix of a slice written as toxics. */
    public static final String INLINE = "inline-";

    /** Copies the list. */
    public NetworkSlice {
        toxics = List.copyOf(toxics);
    }

    /** A slice on a named profile. */
    public NetworkSlice(String profile, double fraction) {
        this(profile, fraction, List.of());
    }

    /** Whether the slice lists its toxics instead of naming a profile. */
    public boolean inline() {
        return !toxics.isEmpty();
    }

    /** The profile's name (for a slice of toxics: its {@link #name()}). */
    public String profile() {
        return name;
    }
}

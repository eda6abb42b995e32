package dev.imbench.chaos.profile;

import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.List;

/**
 * A named weak-network condition.
 *
 * @param name        the name scenarios use, e.g. {@code 3g}
 * @param models      what it models, with its figures
 * @param source      where the figures come from
 * @param toxics      the toxics, both directions, in chain order
 */
public record Profile(String name, String models, String source, List<ToxicSpec> toxics) {

    /** Copies the list. */
    public Profile {
        toxics = List.copyOf(toxics);
    }
}

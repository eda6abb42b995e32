package dev.imbench.chaos;

import java.util.List;

/**
 * A named weak-network condition: a composition of toxics, with the figures it
 * models and where they come from.
 *
 * @param name    the name scenarios use
 * @param models  what it stands for, with its figures
 * @param source  where the figures come from
 * @param toxics  the toxics, applied to a client's connection in both directions
 */
public record Profile(String name, String models, String source, List<ToxicSpec> toxics) {
    /** Copies the list. */
    public Profile {
        toxics = List.copyOf(toxics);
    }
}

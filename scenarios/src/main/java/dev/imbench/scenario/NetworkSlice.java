package dev.imbench.scenario;

/**
 * A weak-network profile applied to a fraction of the clients for the whole run.
 *
 * @param profile  a profile name known to the chaos module (e.g. 3g, subway)
 * @param fraction share of clients, 0..1 (chosen by seed)
 */
public record NetworkSlice(String profile, double fraction) {
}

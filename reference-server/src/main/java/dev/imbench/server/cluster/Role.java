package dev.imbench.server.cluster;

/** What one server process does. */
public enum Role {
    /** Gate and logic in one process (the default; no internal link). */
    ALL,
    /** Client listeners and sessions only; every accepted frame goes to a logic node over the internal link. */
    GATE,
    /** The flows only: gates connect to its link port; it reaches any gate's connections through routing. */
    LOGIC
}

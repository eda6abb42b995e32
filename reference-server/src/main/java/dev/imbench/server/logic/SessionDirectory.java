package dev.imbench.server.logic;

import dev.imbench.server.gate.Session;
import dev.imbench.server.route.Route;

/** Finds the live session a route names (on this process's gate); null if gone or on another gate. */
@FunctionalInterface
public interface SessionDirectory {

    /** The session of {@code route}, or null. */
    Session find(Route route);
}

package dev.imbench.runner.fault;

import dev.imbench.serverfault.ServerSide;
import java.util.Optional;

/**
 * The server the run started, as server-side faults reach it: its gates, logic nodes and the paths to
 * its back ends. The runner's gate target implements it; server-side actions add the handles they need
 * here. An external server ({@code server.iplistUrl}) exposes nothing: its actions are refused before
 * the run.
 */
public interface ServerTopology {

    /** One line saying what runs (for events and errors). */
    String description();

    /**
     * The in-process server on real back ends with what the runner placed around it for server-side
     * faults (restartable nodes, back-end and link proxies, a private Redis); empty for the in-memory
     * server and for an external one.
     */
    default Optional<ServerSide> serverSide() {
        return Optional.empty();
    }
}

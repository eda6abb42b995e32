package dev.imbench.runner.fault;

/**
 * The server the run started, as server-side faults reach it: its gates, logic nodes and the paths to
 * its back ends. The runner's gate target implements it; server-side actions add the handles they need
 * here. An external server ({@code server.iplistUrl}) exposes nothing: its actions are refused before
 * the run.
 */
public interface ServerTopology {

    /** One line saying what runs (for events and errors). */
    String description();
}

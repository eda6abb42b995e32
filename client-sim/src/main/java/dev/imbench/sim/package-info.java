/**
 * The simulator's public API for the runner: {@link dev.imbench.sim.Simulation}
 * built from an immutable {@link dev.imbench.sim.SimulationConfig}, driven phase
 * by phase, writing its part of the run directory.
 */
package dev.imbench.sim;

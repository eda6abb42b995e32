/**
 * The fault engine: the one way a scenario's {@code faults:} happen. {@link dev.imbench.runner.fault.FaultEngine}
 * plays the timeline; each action ({@link dev.imbench.runner.fault.FaultAction}) is registered by name in
 * {@link dev.imbench.runner.fault.FaultActions} and acts through its {@link dev.imbench.runner.fault.FaultContext}:
 * the clients' network ({@link dev.imbench.runner.fault.ClientNetwork}), the server
 * ({@link dev.imbench.runner.fault.ServerTopology}), the event log and the run's seed.
 */
package dev.imbench.runner.fault;

package dev.imbench.runner;

import dev.imbench.scenario.Scenario;

/**
 * What actually drives load for the runner: starts or attaches to the target,
 * runs the population through the scenario's phases, drains, and writes the
 * simulator's files ({@code latency/*.hlog}, {@code series.csv},
 * {@code counters.json}, {@code delivery.json}) into the run directory.
 */
public interface Workload {

    /**
     * Runs the scenario.
     *
     * @return facts the files do not carry (peak online clients, planned duration)
     * @throws Exception when the environment is broken (the runner exits with 2)
     */
    WorkloadResult run(Scenario scenario, RunContext context) throws Exception;
}

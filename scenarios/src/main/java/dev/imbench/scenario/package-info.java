/**
 * The scenario model: an immutable description of one experiment (population,
 * groups, phases with action rates, network slices, fault timeline, server
 * settings, SLOs), its YAML form ({@link dev.imbench.scenario.ScenarioLoader})
 * and {@code --set} overrides ({@link dev.imbench.scenario.Overrides}).
 */
package dev.imbench.scenario;

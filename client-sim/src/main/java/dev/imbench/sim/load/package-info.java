/**
 * The load model: seeded per-client generators, open-model schedules of
 * intended start times (constant rate, Poisson, linear ramps) and the closed
 * model as an option.
 */
package dev.imbench.sim.load;

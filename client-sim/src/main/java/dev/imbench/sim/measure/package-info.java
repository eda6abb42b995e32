/**
 * Measurement: coordinated-omission-corrected latency recorders written as
 * {@code .hlog} interval logs, the per-second series, and the run's counters,
 * in the formats of {@code docs/run-directory.md}.
 */
package dev.imbench.sim.measure;

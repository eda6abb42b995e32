/**
 * The runner: starts what a scenario needs (the in-process reference server,
 * the embedded Toxiproxy), drives the simulated population through the phases,
 * drains, checks delivery, writes the run directory (docs/run-directory.md)
 * and decides the exit code from the scenario's SLOs.
 */
package dev.imbench.runner;

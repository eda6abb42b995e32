/**
 * The virtual mobile client: one virtual thread per device that logs in,
 * heartbeats, sends on a schedule, acks pushes, pulls offline messages,
 * reconnects with backoff and resends with the same client message id.
 */
package dev.imbench.sim.client;

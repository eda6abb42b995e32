/**
 * The virtual mobile client: a device that logs in, heartbeats, sends on a
 * schedule, acks pushes, pulls offline messages, reconnects with backoff and
 * resends with the same client message id; its virtual thread runs only while
 * it has work ({@code OnDemand}), and one shared timer wakes idle clients.
 */
package dev.imbench.sim.client;

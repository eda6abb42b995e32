/**
 * Toxics: Toxiproxy-compatible fault behaviours (latency, bandwidth, slicer, timeout, reset_peer,
 * slow_close, limit_data, plus the imbench-only blackout) implemented as stages inside a Netty
 * {@link dev.imbench.chaos.toxic.ToxicHandler}, so the same classes run in the TCP proxy and in any
 * other pipeline (e.g. the client simulator's in-JVM transport) via {@link dev.imbench.chaos.toxic.ToxicInstaller}.
 */
package dev.imbench.chaos.toxic;
